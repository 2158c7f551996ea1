using System.Diagnostics;
using System.Text;
using Xunit;

namespace Beads.Tests.Support;

/// <summary>The outcome of one <c>bd</c> run.</summary>
public sealed record BdResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// A real Beads host process on a private socket and data directory, and a way to run the real, published
/// <c>bd</c> binary against it. Both come from <c>artifacts/bin</c>, which scripts/test.sh publishes.
/// </summary>
public sealed class BdHostFixture : IAsyncLifetime
{
    private Process? _host;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "beads-cli-tests", Guid.NewGuid().ToString("N")[..12]);
    public string Socket => Path.Combine(Folder, "run", "bd.sock");
    public string DataDirectory => Path.Combine(Folder, "data");
    /// <summary>The host's process id (the shell that starts it execs it), for measuring what it costs.</summary>
    public int ProcessId => _host?.Id ?? throw new InvalidOperationException("the host is not running");

    public static bool Available => File.Exists(RepositoryPaths.Bd) && File.Exists(RepositoryPaths.Host);

    public static string MissingReason =>
        $"the published bd and host are missing from {RepositoryPaths.PublishedBinaries}: run scripts/test.sh, which publishes them";

    public async Task InitializeAsync()
    {
        if (!Available) return;
        Directory.CreateDirectory(Folder);
        _host = StartHost(Socket, DataDirectory);
        await AwaitAnswer(_host, Socket, DataDirectory);
    }

    /// <summary>
    /// Starts the published host; its output goes to host.log beside its data directory (a pipe nobody read would
    /// fill up and stall the host).
    /// </summary>
    public static Process StartHost(string socket, string dataDirectory, IEnumerable<string>? extraArguments = null,
        IDictionary<string, string>? environment = null)
    {
        var log = HostLog(dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        string[] arguments = [RepositoryPaths.Host, "--socket", socket, "--data-dir", dataDirectory, .. extraArguments ?? []];
        var command = string.Join(' ', arguments.Select(a => $"'{a.Replace("'", "'\\''")}'"));
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec {command} >> '{log}' 2>&1"]) { UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
    }

    /// <summary>
    /// Waits (up to 60 s) until a host started by <see cref="StartHost"/> answers <c>bd version</c> on
    /// <paramref name="socket"/>; throws when it exits first or does not answer in time.
    /// </summary>
    public static async Task AwaitAnswer(Process host, string socket, string dataDirectory)
    {
        var log = HostLog(dataDirectory);
        var answered = await Poll.TryUntil(async () =>
        {
            if (File.Exists(socket) && (await RunBd(Path.GetDirectoryName(log)!, ["version"], BdEnvironment(socket))).Stdout.Contains("host "))
                return true;
            if (host.HasExited) throw new InvalidOperationException($"the host exited with {host.ExitCode}: see {log}");
            return false;
        }, TimeSpan.FromSeconds(60));
        if (!answered) throw new TimeoutException($"the host did not answer on {socket} within 60 s");
    }

    /// <summary>The log of a host started by <see cref="StartHost"/>: host.log beside its data directory.</summary>
    private static string HostLog(string dataDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "host.log");

    /// <summary>
    /// The environment in which bd talks to the host on <paramref name="socket"/> (auto-start off, actor "tester", no
    /// colour), with <paramref name="overrides"/> replacing or adding variables.
    /// </summary>
    public static Dictionary<string, string> BdEnvironment(string socket, IDictionary<string, string>? overrides = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["BD_HOST"] = $"unix://{socket}",
            ["BD_NO_AUTO_START"] = "1",
            ["BD_ACTOR"] = "tester",
            ["NO_COLOR"] = "1",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) environment[key] = value;
        return environment;
    }

    /// <summary>A new folder for a test's project (a rig's home).</summary>
    public string NewProject(string name)
    {
        var path = Path.Combine(Folder, "projects", $"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs bd in <paramref name="workingDirectory"/> against this host (auto-start off unless asked).</summary>
    public Task<BdResult> Run(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? stdin = null) =>
        RunBd(workingDirectory, args, BdEnvironment(Socket, environment), stdin);

    public static async Task<BdResult> RunBd(string workingDirectory, IEnumerable<string> args, IDictionary<string, string> environment, string? stdin = null)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Bd, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new BdResult(process.ExitCode, await stdout, await stderr);
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            await Run(Folder, ["host", "stop"]);
            if (!_host.WaitForExit(TimeSpan.FromSeconds(20))) _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
        _host?.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
