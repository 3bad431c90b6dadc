from bench import (
    activity,
    billing,
    bookings,
    cold_start,
    documents,
    filtered_lists,
    live,
    notifications,
    order_history,
    signin_timing,
    support,
)

cold_start.main()
signin_timing.main()
order_history.main()
billing.main()
documents.main()
support.main()
notifications.main()
bookings.main()
filtered_lists.main()
activity.main()
live.main()
