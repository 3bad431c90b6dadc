// The portal's sections. Each domain adds its entry here as it lands; portal settings
// (which actions the business turned on) will filter this list.
export const SECTIONS = [
  { path: "/", label: "nav.home", view: () => import("./views/home.js") },
];
