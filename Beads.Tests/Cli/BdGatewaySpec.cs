using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>Who may talk to a host: its owner over the private Unix socket, anyone else over TCP only with the token.</summary>
public sealed class BdGatewaySpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public void The_unix_socket_is_readable_and_writable_by_its_owner_only()
    {
        RequireBinaries();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Host.Socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(Host.Socket)!));
    }

    [SkippableFact]
    public async Task Over_tcp_the_host_answers_only_a_client_that_shows_its_token()
    {
        RequireBinaries();
        var folder = Host.NewProject("tcp");
        var port = FreePorts.Next();
        var data = Path.Combine(folder, "data");
        using var tcpHost = BdHostFixture.StartHost(Path.Combine(folder, "run", "bd.sock"), data, ["--tcp", $"127.0.0.1:{port}"]);
        try
        {
            var tokenFile = Path.Combine(data, "gateway.token");
            await Poll.Until(() => File.Exists(tokenFile), TimeSpan.FromSeconds(60), "the token file");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            var remote = new Dictionary<string, string> { ["BD_HOST"] = $"tcp://127.0.0.1:{port}" };

            BdResult withoutToken = new(0, "", "");
            await Poll.Until(async () => (withoutToken = await Host.Run(folder, ["host", "status"], remote)).Stderr.Contains("token"),
                TimeSpan.FromSeconds(60), "the host answering over TCP");
            Assert.Equal(3, withoutToken.ExitCode);
            Assert.Contains("BD_TOKEN", withoutToken.Stderr);

            var wrongToken = await Host.Run(folder, ["host", "status"], new Dictionary<string, string>(remote) { ["BD_TOKEN"] = "guess" });
            Assert.Equal(3, wrongToken.ExitCode);

            var withToken = await Host.Run(folder, ["host", "status", "--json"],
                new Dictionary<string, string>(remote) { ["BD_TOKEN"] = await File.ReadAllTextAsync(tokenFile) });
            Assert.True(withToken.ExitCode == 0, withToken.ToString());
            Assert.Contains("\"members\"", withToken.Stdout);
        }
        finally
        {
            tcpHost.Kill(entireProcessTree: true);
            await tcpHost.WaitForExitAsync();
        }
    }
}
