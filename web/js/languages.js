// Each language named in itself, as people look for their own.
export const LANGUAGE_NAMES = { en: "English", fr: "Français", pl: "Polski", fi: "Suomi" };
