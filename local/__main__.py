"""`make run`: the whole portal on one machine, on moto, at http://127.0.0.1:8000.

Order matters: moto first, then the resources from infra/stateful.yaml, then the
environment the app reads at import, then the app itself, its worker and the web server.
"""

import argparse
import errno
import logging
import os
import signal
import socket
import sys
import threading
from types import FrameType

from werkzeug.serving import make_server

from infra.outputs import app_environment, web_runtime_config

REGION = "us-east-1"
STACK_NAME = "portal-local"
SENDER_EMAIL = "portal@example.com"
BUSINESS_NAME = "Northwind Supplies"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _claim(host: str, port: int) -> socket.socket:
    """Bind the portal's port before anything starts, so a second run can say why it stops."""
    listener = socket.socket()
    try:
        listener.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            sys.exit(
                f"http://{host}:{port} is already in use: the portal is probably running in another "
                "terminal (stop it with Ctrl-C there), or another program holds the port "
                f"(choose one with `make run PORT=...`)."
            )
        raise
    listener.close()
    return listener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--signin-reply-seconds", type=float, help="fixed duration of a sign-in start")
    args = parser.parse_args()
    _claim(args.host, args.port)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    from moto.server import ThreadedMotoServer

    from local.moto_speedups import (
        index_queries_sort_only_their_partition,
        one_dynamodb_call_at_a_time,
        stream_writes_are_counted,
        transactions_undo_only_what_they_wrote,
    )

    transactions_undo_only_what_they_wrote()
    stream_writes_are_counted()
    one_dynamodb_call_at_a_time()
    index_queries_sort_only_their_partition()
    moto_port = _free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{moto_port}",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - moto accepts any credentials
        AWS_DEFAULT_REGION=REGION,
    )

    import boto3

    from local.demo import load_demo_data, load_demo_history
    from local.outbox import Outbox
    from local.resources import LocalStack

    session = boto3.session.Session(region_name=REGION)
    web_origin = f"http://{args.host}:{args.port}"
    outputs = LocalStack(
        session, STACK_NAME, {"Stage": "dev", "SenderEmail": SENDER_EMAIL, "WebOrigin": web_origin}
    ).create()
    os.environ.update(
        app_environment(
            outputs,
            stage="local",
            sender_email=SENDER_EMAIL,
            business_name=BUSINESS_NAME,
            auth_backend="local",  # moto runs no Cognito triggers: the app replays the loop
            portal_url=web_origin,
            live_endpoint=f"{web_origin}/dev/live",  # local.live: the management API's stand-in
        )
    )
    if args.signin_reply_seconds is not None:  # the API contract test starts thousands of sign-ins
        os.environ["SIGNIN_REPLY_SECONDS"] = str(args.signin_reply_seconds)
    from functions.core.settings import get_settings

    get_settings()  # the same check a Lambda cold start makes
    load_demo_data(outputs["UserPoolId"])
    load_demo_history()

    from local.edge import load_apps
    from local.live import LocalWebSocketApi
    from local.server import PortalServer
    from local.worker import Worker

    apps = load_apps()
    worker = Worker(list(apps.values()), session, outputs)
    outbox = Outbox(REGION)
    server = make_server(
        args.host,
        args.port,
        PortalServer(
            apps,
            outbox,
            web_runtime_config(business_name=BUSINESS_NAME, stage="local"),
            worker.run_schedule,
            storage_origin=os.environ["AWS_ENDPOINT_URL"],
            live=LocalWebSocketApi(apps["notifications"], f"{args.host}:{args.port}", worker.invoke),
        ),
        threaded=True,
    )
    outbox.start()
    worker.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Customer portal: {web_origin}   outbox: {web_origin}/dev/outbox   (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        worker.stop()
        outbox.stop()
        moto.stop()
        print("Stopped.", flush=True)
    # Skip the interpreter's final garbage collection: after a long session moto's in-memory
    # cloud is millions of objects, and collecting them one by one took over 20 s. Nothing is
    # left to flush (logging.shutdown below), and the OS frees the memory at once.
    logging.shutdown()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
