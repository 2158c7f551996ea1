using System.Net;
using System.Net.Sockets;
using System.Text;
using Beads.Protocol;
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
    public async Task A_request_that_is_no_message_or_too_large_gets_a_problem_that_says_so()
    {
        RequireBinaries();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Host.Socket), cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri("http://beads/") };

        var untyped = await http.PostAsync("v1/rig", new StringContent("{\"rig\":\"any\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
        Assert.Contains("says no kind of message", await untyped.Content.ReadAsStringAsync());

        // A rig without a name used to wait the gateway's whole 30 s (sharding drops such a message).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var nameless = await http.PostAsync("v1/rig", new StringContent("{\"$type\":\"info\",\"rig\":\"\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Contains("cannot name a rig", await nameless.Content.ReadAsStringAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed.TotalSeconds:0.0} s");

        // As bd sends a large body: the gateway answers before taking it all (Expect: 100-continue).
        using var large = new HttpRequestMessage(HttpMethod.Post, "v1/rig") { Content = new StringContent(new string(' ', 31_000_000), Encoding.UTF8, "application/json") };
        large.Headers.ExpectContinue = true;
        var huge = await http.SendAsync(large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("send a large import in parts", await huge.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Thousands_of_idle_tcp_connections_without_a_token_neither_crash_the_host_nor_block_its_socket()
    {
        RequireBinaries();
        var folder = Host.NewProject("flood");
        var port = FreePorts.Next();
        var socket = Path.Combine(folder, "run", "bd.sock");
        using var tcpHost = BdHostFixture.StartHost(socket, Path.Combine(folder, "data"), ["--tcp", $"127.0.0.1:{port}"]);
        var idle = new List<TcpClient>();
        try
        {
            await BdHostFixture.AwaitAnswer(tcpHost, socket, Path.Combine(folder, "data"));
            for (var i = 0; i < 3000; i++)
            {
                var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port);
                }
                catch (SocketException)
                {
                    // the backlog may be full for a moment: the point is that the host holds only its limit
                }
                idle.Add(client);
            }

            var status = await BdHostFixture.RunBd(folder, ["host", "status", "--json"], BdHostFixture.BdEnvironment(socket));
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.False(tcpHost.HasExited);
            var openFiles = Directory.GetFiles($"/proc/{tcpHost.Id}/fd").Length;
            Assert.True(openFiles < 1000, $"the host holds {openFiles} open files with 3,000 idle connections at its door");
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
            tcpHost.Kill(entireProcessTree: true);
            await tcpHost.WaitForExitAsync();
        }
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

            // A token holder asks for a rig in /etc: the host would write /etc/.beads with its own rights.
            Assert.False(Directory.Exists("/etc/.beads"));
            using var client = new Beads.Cli.Connection.HostClient(new HostEndpoint(null, "127.0.0.1", port), await File.ReadAllTextAsync(tokenFile));
            var refused = await Assert.ThrowsAsync<Beads.Cli.CliException>(() =>
                client.Send<RigInfo>(new InitRig("etc", "intruder", "etc", "/etc"), CancellationToken.None));
            Assert.Contains("allowed-home-roots", refused.Message);
            Assert.False(Directory.Exists("/etc/.beads"));

            var init = await Host.Run(folder, ["init"], new Dictionary<string, string>(remote) { ["BD_TOKEN"] = await File.ReadAllTextAsync(tokenFile) });
            Assert.NotEqual(0, init.ExitCode);
            Assert.Contains("allowed-home-roots", init.Stderr);
            Assert.False(Directory.Exists(Path.Combine(folder, ".beads")));
        }
        finally
        {
            tcpHost.Kill(entireProcessTree: true);
            await tcpHost.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task Over_https_bd_trusts_the_host_by_the_fingerprint_it_printed_and_nothing_else()
    {
        RequireBinaries();
        var folder = Host.NewProject("https");
        var certificateFile = Path.Combine(folder, "gateway.pfx");
        string fingerprint;
        using (var certificate = Beads.Host.ClusterCertificate.Create(certificateFile)) fingerprint = CertificateFingerprint.Of(certificate);
        var port = FreePorts.Next();
        var data = Path.Combine(folder, "data");
        using var tlsHost = BdHostFixture.StartHost(Path.Combine(folder, "run", "bd.sock"), data,
            ["--tcp", $"127.0.0.1:{port}", "--tls-cert", certificateFile]);
        try
        {
            var tokenFile = Path.Combine(data, "gateway.token");
            await Poll.Until(() => File.Exists(tokenFile), TimeSpan.FromSeconds(60), "the token file");
            var remote = new Dictionary<string, string>
            {
                ["BD_HOST"] = $"https://127.0.0.1:{port}",
                ["BD_TOKEN"] = await File.ReadAllTextAsync(tokenFile),
                [CertificateFingerprint.Variable] = string.Join(':', fingerprint.Chunk(2).Select(pair => new string(pair))).ToLowerInvariant(),
            };

            BdResult pinned = new(0, "", "");
            await Poll.Until(async () => (pinned = await Host.Run(folder, ["host", "status", "--json"], remote)).ExitCode == 0,
                TimeSpan.FromSeconds(60), "the host answering over https");
            Assert.Contains("\"members\"", pinned.Stdout);
            Assert.Contains($"certificate SHA-256 {fingerprint}", await File.ReadAllTextAsync(Path.Combine(folder, "host.log")));

            var unpinned = await Host.Run(folder, ["host", "status"], new Dictionary<string, string>(remote) { [CertificateFingerprint.Variable] = "" });
            Assert.Equal(3, unpinned.ExitCode);
            Assert.Contains("does not trust", unpinned.Stderr);
            Assert.Contains(CertificateFingerprint.Variable, unpinned.Stderr);

            var otherPin = await Host.Run(folder, ["host", "status"], new Dictionary<string, string>(remote) { [CertificateFingerprint.Variable] = new string('0', 64) });
            Assert.Equal(3, otherPin.ExitCode);
            Assert.Contains("does not trust", otherPin.Stderr);

            var plain = await Host.Run(folder, ["host", "status"], new Dictionary<string, string>(remote) { ["BD_HOST"] = $"tcp://127.0.0.1:{port}" });
            Assert.Equal(3, plain.ExitCode);
        }
        finally
        {
            tlsHost.Kill(entireProcessTree: true);
            await tlsHost.WaitForExitAsync();
        }
    }
}
