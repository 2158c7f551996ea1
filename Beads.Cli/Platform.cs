// bd talks to its host over a Unix socket whose folder it checks by Unix permissions: it runs on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
