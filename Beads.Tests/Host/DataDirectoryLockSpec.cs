using System.Diagnostics;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>
/// One host per data directory: a second host on it refuses and names the first, and bd in an environment whose own
/// socket would be elsewhere (another XDG_RUNTIME_DIR) finds the running host through the data directory instead of
/// starting a second one on the same store. The attack this closes: two shells, two hosts, one beads.db, lost writes.
/// </summary>
public sealed class DataDirectoryLockSpec : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beads-lock-tests", Guid.NewGuid().ToString("N")[..12]);
    private string Data => Path.Combine(_folder, "data");
    private string FirstSocket => Path.Combine(_folder, "first", "bd.sock");

    [SkippableFact]
    public async Task A_second_host_on_the_same_data_directory_refuses_and_names_the_first()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        using var first = await StartFirst();
        var secondLog = Path.Combine(_folder, "second", "host.log");
        Directory.CreateDirectory(Path.GetDirectoryName(secondLog)!);
        var second = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", $"exec '{RepositoryPaths.Host}' --socket '{Path.Combine(_folder, "second", "bd.sock")}' --data-dir '{Data}' >> '{secondLog}' 2>&1"]))!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await second.WaitForExitAsync(deadline.Token);

        Assert.Equal(1, second.ExitCode);
        var log = await File.ReadAllTextAsync(secondLog);
        Assert.Contains($"another Beads host (pid {first.Id}, answering on {FirstSocket}) already runs on the data directory {Data}", log);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Data));
        await Stop(first);
    }

    [SkippableFact]
    public async Task Bd_in_another_runtime_directory_finds_the_host_of_its_data_directory_and_every_write_lands()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        var first = await StartFirst();
        var project = Path.Combine(_folder, "project");
        Directory.CreateDirectory(project);
        var viaSocket = BdHostFixture.BdEnvironment(FirstSocket);
        // No BD_HOST, auto-start on, and a runtime directory of its own: before, this started a second host on the store.
        var otherShell = new Dictionary<string, string>
        {
            ["BD_ACTOR"] = "tester", ["NO_COLOR"] = "1", ["BEADS_DATA_DIR"] = Data,
            ["XDG_RUNTIME_DIR"] = Directory.CreateDirectory(Path.Combine(_folder, "other-runtime")).FullName,
        };
        Assert.Equal(0, (await BdHostFixture.RunBd(project, ["init", "--prefix", "lk"], viaSocket)).ExitCode);

        var made = new List<string>();
        for (var n = 0; n < 20; n++)
        {
            var result = await BdHostFixture.RunBd(project, ["create", $"write {n}", "--silent"], n % 2 == 0 ? viaSocket : otherShell);
            Assert.True(result.ExitCode == 0, result.ToString());
            made.Add(result.Stdout.Trim());
        }
        Assert.False(File.Exists(Path.Combine(_folder, "other-runtime", "beads", "bd.sock")), "bd started a second host");

        await Stop(first);
        using var again = await StartFirst();
        var listed = await BdHostFixture.RunBd(project, ["list", "--all", "--json"], viaSocket);
        Assert.All(made, id => Assert.Contains(id, listed.Stdout));
        await Stop(again);
    }

    private async Task<Process> StartFirst()
    {
        var host = BdHostFixture.StartHost(FirstSocket, Data);
        await BdHostFixture.AwaitAnswer(host, FirstSocket, Data);
        return host;
    }

    private async Task Stop(Process host)
    {
        await BdHostFixture.RunBd(_folder, ["host", "stop"], BdHostFixture.BdEnvironment(FirstSocket));
        if (!host.WaitForExit(TimeSpan.FromSeconds(30))) host.Kill();
        await host.WaitForExitAsync();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
