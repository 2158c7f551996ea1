using System.Net;
using System.Net.Sockets;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>A host that cannot start says why and exits with 1: never an abort with a stack trace (exit 134).</summary>
public sealed class HostStartFailureSpec : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beads-start-tests", Guid.NewGuid().ToString("N")[..12]);

    [SkippableFact]
    public async Task A_cluster_port_held_by_another_program_is_named_with_what_to_change()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exitCode, log) = await StartAndWait(["--cluster-port", port.ToString(), "--cluster-cert", TestClusterCertificate.File]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Error: the host could not open its cluster port (Failed to bind to [127.0.0.1:{port}])", log);
        Assert.Contains("--cluster-port", log);
    }

    [SkippableFact]
    public async Task A_gateway_address_held_by_another_program_is_named_with_what_to_change()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exitCode, log) = await StartAndWait(["--tcp", $"127.0.0.1:{port}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Error: the host could not open its gateway", log);
        Assert.Contains("--tcp", log);
    }

    [SkippableFact]
    public async Task A_bad_flag_value_is_named()
    {
        var (exitCode, log) = await StartAndWait(["--cluster-port", "many"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Error: cluster port 'many' is not a port number", log);
        Assert.DoesNotContain("Unhandled exception", log);
    }

    [SkippableFact]
    public async Task A_cluster_node_without_the_clusters_certificate_is_refused()
    {
        string[][] clusterFlags = [["--seed", "127.0.0.1:4053"], ["--cluster-port", "4053"], ["--cluster-host", "127.0.0.1"]];
        foreach (var flags in clusterFlags)
        {
            var (exitCode, log) = await StartAndWait(flags);

            Assert.Equal(1, exitCode);
            Assert.Contains("Error: a cluster node (one given --seed, --cluster-host or --cluster-port) needs the cluster's certificate", log);
            Assert.Contains("--new-cluster-cert", log);
        }
    }

    [SkippableFact]
    public async Task A_cluster_certificate_other_users_can_read_is_refused()
    {
        Directory.CreateDirectory(_folder);
        var certificate = Path.Combine(_folder, "cluster.pfx");
        Beads.Host.ClusterCertificate.Create(certificate).Dispose();
        File.SetUnixFileMode(certificate, File.GetUnixFileMode(certificate) | UnixFileMode.OtherRead);

        var (exitCode, log) = await StartAndWait(["--cluster-cert", certificate]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Error: the certificate {certificate} is open to other users (mode 604)", log);
        Assert.Contains($"chmod 600 {certificate}", log);
    }

    [SkippableFact]
    public async Task An_unknown_flag_or_a_flag_without_its_value_is_refused_and_help_lists_every_flag()
    {
        var (unknown, unknownLog) = await StartAndWait(["--sokcet", "/tmp/x.sock"]);
        Assert.Equal(2, unknown);
        Assert.Contains("Error: unknown argument '--sokcet': `Beads.Host --help` lists the flags it takes", unknownLog);

        var (missing, missingLog) = await StartAndWait(["--data-dir"]);
        Assert.Equal(2, missing);
        Assert.Contains("Error: --data-dir needs a value (DIR)", missingLog);

        var (help, helpLog) = await StartAndWait(["--help"]);
        Assert.Equal(0, help);
        foreach (var flag in Beads.Host.HostConfiguration.Settings) Assert.Contains(flag.Flag ?? flag.Environment!, helpLog);
        Assert.DoesNotContain("answering on", helpLog); // it printed and exited: no host started
    }

    [SkippableFact]
    public async Task A_flag_wins_over_its_environment_variable_and_the_variable_applies_without_it()
    {
        var (fromVariable, variableLog) = await StartAndWait([], new() { ["BEADS_CLUSTER_PORT"] = "many" });
        Assert.Equal(1, fromVariable);
        Assert.Contains("Error: cluster port 'many' is not a port number", variableLog);

        var (fromFlag, flagLog) = await StartAndWait(["--cluster-port", "plenty"], new() { ["BEADS_CLUSTER_PORT"] = "0" });
        Assert.Equal(1, fromFlag);
        Assert.Contains("Error: cluster port 'plenty' is not a port number", flagLog);
    }

    [SkippableFact]
    public async Task Plain_tcp_beyond_loopback_is_refused_unless_asked_for()
    {
        var (exitCode, log) = await StartAndWait(["--tcp", "0.0.0.0:7420"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Error: --tcp 0.0.0.0:7420 listens beyond loopback", log);
        Assert.Contains("--tls-cert", log);
        Assert.Contains("--insecure-tcp", log);
    }

    private async Task<(int ExitCode, string Log)> StartAndWait(string[] arguments, Dictionary<string, string>? environment = null)
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        var data = Path.Combine(_folder, "data");
        using var host = BdHostFixture.StartHost(Path.Combine(_folder, "run", "bd.sock"), data, arguments, environment);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await host.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            host.Kill();
            throw new TimeoutException($"the host started with {string.Join(' ', arguments)} did not exit within 60 s");
        }
        return (host.ExitCode, await File.ReadAllTextAsync(Path.Combine(_folder, "host.log")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
