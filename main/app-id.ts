/**
 * The app's identity for the OS: electron-builder's `appId` (macOS bundle id, Windows
 * AppUserModelID of the installed shortcut, Linux desktop file). Keep the two in step.
 */
export const APP_ID = 'org.vigil.app'
