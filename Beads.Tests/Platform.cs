// The tests start hosts, which need Unix sockets and Unix file permissions: they run on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
