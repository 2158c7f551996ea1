using System.Diagnostics;
using Beads.Protocol;

namespace Beads.Cli.Connection;

/// <summary>
/// Finds the hosts to talk to (BD_HOST, one endpoint or several comma-separated, else the host of the data directory,
/// else the per-user socket) and, when none answers on the local socket, starts
/// one in the background on the embedded store and waits for it, unless BD_NO_AUTO_START=1.
/// </summary>
public static class HostConnector
{
    public const string NoAutoStartVariable = "BD_NO_AUTO_START";
    public const string HostCommandVariable = "BD_HOST_COMMAND";
    public const string TokenVariable = "BD_TOKEN";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static HostClient Client() => new(Endpoints(), Token(), Fingerprint());

    /// <summary>BD_TLS_FINGERPRINT: the SHA-256 an https host's certificate must have.</summary>
    private static string? Fingerprint()
    {
        if (Environment.GetEnvironmentVariable(CertificateFingerprint.Variable) is not { Length: > 0 } text) return null;
        try
        {
            return CertificateFingerprint.Parse(text.Trim());
        }
        catch (FormatException e)
        {
            throw CliException.Usage($"{CertificateFingerprint.Variable}: {e.Message}");
        }
    }

    /// <summary>BD_TOKEN, without the line end a file read may leave; a token with other control characters is refused.</summary>
    private static string? Token()
    {
        var token = Environment.GetEnvironmentVariable(TokenVariable)?.Trim();
        if (token is { Length: > 0 } && token.Any(char.IsControl))
            throw CliException.Usage($"{TokenVariable} holds a line break or another control character: set it to the one line of the host's gateway.token");
        return token is { Length: > 0 } ? token : null;
    }

    /// <summary>
    /// BD_HOST when set; else the socket of the host that runs on the data directory (BEADS_DATA_DIR or the user's
    /// default), while it still runs, whatever this environment's own socket would be; else the per-user socket.
    /// </summary>
    private static IReadOnlyList<HostEndpoint> Endpoints()
    {
        if (Environment.GetEnvironmentVariable(HostEndpoint.Variable) is { Length: > 0 } named)
        {
            try
            {
                return HostEndpoint.ParseList(named);
            }
            catch (FormatException e)
            {
                throw CliException.Usage($"{HostEndpoint.Variable}: {e.Message}");
            }
        }
        if (DataDirectory.Holder(DataDirectory.Resolve()) is { } holder && IsRunning(holder.ProcessId) && File.Exists(holder.Socket))
            return [new HostEndpoint(holder.Socket, null, 0)];
        return [HostEndpoint.Default];
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A client for the configured host, which is started first when it runs on the local socket and is not there
    /// (never when BD_HOST lists several nodes: those are a cluster's, started on their own machines).
    /// </summary>
    public static async Task<HostClient> Connect(CancellationToken cancellation)
    {
        var client = Client();
        if (client.Endpoints.Count > 1 || !client.Endpoint.IsUnixSocket
            || Environment.GetEnvironmentVariable(NoAutoStartVariable) is "1" or "true")
            return client;
        if (!SocketExists(client.Endpoint))
            await Start(client, cancellation);
        else
            client.OnNobodyListening = () => Start(client, cancellation);
        return client;
    }

    /// <summary>Starts a host on the client's socket, detached from this process, and waits until it answers; its health.</summary>
    public static async Task<HealthStatus> Start(HostClient client, CancellationToken cancellation)
    {
        var socket = client.Endpoint.SocketPath!;
        var log = Path.Combine(Path.GetDirectoryName(socket)!, "host.log");
        if (SocketFolder.Problem(Path.GetDirectoryName(socket)!) is { } problem) throw CliException.Unreachable(problem);
        var command = HostCommand();
        RotateLog(log);
        // The log holds what the host was asked: its owner's alone, whatever this shell's umask.
        using (File.Open(log, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite })) { }
        File.SetUnixFileMode(log, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // setsid + & detach the host from this terminal and process group, so it outlives bd and ignores its Ctrl-C.
        var logStart = new FileInfo(log).Length;
        var script = $"setsid {command} --socket {Quote(socket)} >> {Quote(log)} 2>&1 < /dev/null & echo $!";
        int hostProcess;
        using (var starter = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false, RedirectStandardOutput = true }))
        {
            var printed = await starter!.StandardOutput.ReadToEndAsync(cancellation);
            await starter.WaitForExitAsync(cancellation);
            hostProcess = int.TryParse(printed.Trim(), out var pid) ? pid : 0;
        }
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (SocketExists(client.Endpoint) && await client.TryHealth(cancellation) is { } health) return health;
            if (hostProcess > 0 && !IsRunning(hostProcess))
                throw CliException.Unreachable($"started a Beads host ({command}) but it exited: {ErrorLogged(log, logStart) ?? $"see {log}"}");
            await Task.Delay(50, cancellation);
        }
        throw CliException.Unreachable(
            $"started a Beads host ({command}) but it did not answer on {socket} within {StartTimeout.TotalSeconds:0} s: see {log}");
    }

    /// <summary>The largest host.log a new host appends to; a larger one becomes host.log.1 (replacing the one before).</summary>
    public const long LogLimit = 10L * 1024 * 1024;

    /// <summary>
    /// Keeps the log of hosts bd starts to two files of at most about <see cref="LogLimit"/>: the host logs warnings
    /// and errors only (each cause once), so a running host adds little, and each start begins a new file when the
    /// last one is full.
    /// </summary>
    private static void RotateLog(string log)
    {
        var file = new FileInfo(log);
        if (file is { Exists: true, Length: > LogLimit, LinkTarget: null }) file.MoveTo($"{log}.1", overwrite: true);
    }

    /// <summary>
    /// BD_HOST_COMMAND when set; else the Beads.Host program published beside bd; else the host built in this
    /// repository (for `dotnet run` users).
    /// </summary>
    private static string HostCommand()
    {
        if (Environment.GetEnvironmentVariable(HostCommandVariable) is { Length: > 0 } configured) return configured;
        var beside = Path.Combine(AppContext.BaseDirectory, "Beads.Host");
        if (File.Exists(beside)) return Quote(beside);
        throw CliException.Unreachable(
            $"no Beads host is running and none was found to start (looked for {beside}): publish it beside bd (see the README), set {HostCommandVariable}, or start one with `dotnet run --project Beads.Host`");
    }

    /// <summary>The line a host wrote after <paramref name="from"/> that says why it could not start (<c>Error: ...</c>), if any.</summary>
    private static string? ErrorLogged(string log, long from)
    {
        try
        {
            using var stream = File.OpenRead(log);
            stream.Seek(from, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return lines.LastOrDefault(line => line.StartsWith("Error: ", StringComparison.Ordinal))?["Error: ".Length..];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool SocketExists(HostEndpoint endpoint) => File.Exists(endpoint.SocketPath);

    private static string Quote(string text) => $"'{text.Replace("'", "'\\''")}'";
}
