// The host listens on a Unix socket and guards its files with Unix permissions: it runs on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
