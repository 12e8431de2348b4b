/** The server's minimum password length; checked in forms to spare a round trip (the server checks again). */
export const PASSWORD_MIN = 10;
