# Mail: strings of this area (en).
