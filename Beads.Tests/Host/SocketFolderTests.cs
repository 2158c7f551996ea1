using System.Diagnostics;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>
/// The socket folder bd and its host share must be private: another user who can write there, or who made it, could
/// answer in the host's place (the sweep planted a fake host in /tmp/beads-$USER that answered "Created").
/// </summary>
public sealed class SocketFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-socket-tests", Guid.NewGuid().ToString("N")[..12])).FullName;

    [Fact]
    public void A_missing_folder_is_made_private()
    {
        var folder = Path.Combine(_folder, "new");

        Assert.Null(SocketFolder.Problem(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void A_folder_open_to_others_is_refused_with_what_to_do()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "open")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));

        Assert.Equal($"the socket folder {folder} is open to other users (mode 755), who could put a host of their own there: `chmod 700 {folder}`, or remove it",
            SocketFolder.Problem(folder));
    }

    [Fact]
    public void A_link_is_refused()
    {
        var target = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var link = Path.Combine(_folder, "link");
        Directory.CreateSymbolicLink(link, target);

        Assert.Contains("is a link", SocketFolder.Problem(link));
    }

    [SkippableFact]
    public async Task A_private_folder_made_by_another_user_is_refused_by_bd_and_by_the_host()
    {
        Skip.IfNot(Environment.UserName == "root" && BdHostFixture.Available, "needs root (to give the folder to another user) and the published binaries");
        var planted = Directory.CreateDirectory(Path.Combine(_folder, "planted"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        using (var chown = Process.Start("chown", ["65534", planted])) await chown.WaitForExitAsync();
        var socket = Path.Combine(planted, "bd.sock");

        var bd = await BdHostFixture.RunBd(_folder, ["--rig", "any", "list"], BdHostFixture.BdEnvironment(socket));
        Assert.Equal(3, bd.ExitCode);
        Assert.Contains($"the socket folder {planted} belongs to another user (uid 65534)", bd.Stderr);

        using var host = BdHostFixture.StartHost(socket, Path.Combine(_folder, "data"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(deadline.Token);
        Assert.Equal(1, host.ExitCode);
        Assert.Contains("belongs to another user (uid 65534)", await File.ReadAllTextAsync(Path.Combine(_folder, "host.log")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
