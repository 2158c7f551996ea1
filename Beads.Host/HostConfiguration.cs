using System.Collections;
using Akka.Configuration;
using Beads.Actors.Configuration;
using Beads.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Beads.Host;

/// <summary>
/// The host's own settings, read once into an <see cref="IConfiguration"/> of three layers with one rule for all: the
/// command line wins over the environment, which wins over the HOCON files, and <see cref="HostSettings"/> is bound
/// from the result. <see cref="Settings"/> is the one list of them: <c>--help</c> prints it, and the command line takes
/// nothing else. The command-line layer is our own, not IConfiguration's, which keeps only the last of a repeated flag
/// such as <c>--seed</c> and takes no switch without a value: a repeatable setting is one comma-separated list in
/// every layer, so a list given on the command line replaces the environment's as a single value does.
/// </summary>
public static class HostConfiguration
{
    /// <summary>
    /// A setting: the key it is bound by (a <see cref="HostSettings"/> property), its flag and what the flag's value is
    /// (null for a switch, whose value is <c>true</c>), its environment variable, its HOCON path, and what it does.
    /// </summary>
    /// <param name="FromEnvironment">Turns the variable's text into the setting's, for a variable shared with bd.</param>
    public sealed record Setting(
        string Key, string? Flag, string? ValueName, string? Environment, string Description, bool Repeatable = false,
        string? Hocon = null, Func<string, string?>? FromEnvironment = null);

    public static readonly IReadOnlyList<Setting> Settings =
    [
        new(nameof(HostSettings.DataDirectory), "--data-dir", "DIR", "BEADS_DATA_DIR",
            "where the store, token and certificate live (default: the user's data folder)"),
        new(nameof(HostSettings.Socket), "--socket", "PATH", HostEndpoint.Variable,
            "the Unix socket bd talks to (default: $XDG_RUNTIME_DIR/beads/bd.sock, else /tmp/beads-$USER/bd.sock); " +
            "from BD_HOST, the first socket it names",
            Hocon: "beads.gateway.socket", FromEnvironment: FirstSocket),
        new(nameof(HostSettings.Tcp), "--tcp", "HOST:PORT", null,
            "also listen on TCP (a bearer token is required; beyond loopback only with --tls-cert or --insecure-tcp)",
            Hocon: "beads.gateway.tcp"),
        new(nameof(HostSettings.TlsCertificate), "--tls-cert", "FILE.pfx", "BEADS_TLS_CERT",
            "serve TCP as HTTPS with this certificate", Hocon: "beads.gateway.tls-certificate"),
        new(nameof(HostSettings.InsecureTcp), "--insecure-tcp", null, null,
            "allow plain HTTP on TCP beyond loopback (a network you trust)"),
        new(nameof(HostSettings.ClusterHost), "--cluster-host", "HOST", "BEADS_CLUSTER_HOST",
            "the address other nodes reach this one at (default 127.0.0.1)"),
        new(nameof(HostSettings.ClusterPort), "--cluster-port", "PORT", "BEADS_CLUSTER_PORT",
            "the cluster (remoting) port (0 picks a free one)"),
        new(nameof(HostSettings.ClusterCertificate), "--cluster-cert", "FILE.pfx", "BEADS_CLUSTER_CERT",
            "the certificate every node of the cluster shares"),
        new(nameof(HostSettings.Seeds), "--seed", "HOST:PORT", "BEADS_CLUSTER_SEEDS", "a node to join through", Repeatable: true),
        new(nameof(HostSettings.Roles), "--role", "ROLE", "BEADS_CLUSTER_ROLES", "a cluster role", Repeatable: true),
        new(nameof(HostSettings.NodeName), "--node-name", "NAME", "BEADS_NODE_NAME",
            "this node's stable name (default: the machine's name)"),
        new(nameof(HostSettings.DatabaseServer), null, null, StorageBackend.ServerVariable,
            "a MySQL-protocol server's connection string: the store moves off the embedded file (no flag: a flag's " +
            "value, password and all, would show in the process list)"),
        new(nameof(HostSettings.NewClusterCertificate), "--new-cluster-cert", "FILE.pfx", null,
            "write a new cluster certificate to FILE and exit"),
        new(nameof(HostSettings.Help), "--help", null, null, "print this and exit"),
    ];

    /// <summary>What <c>--help</c> prints.</summary>
    public static string Usage =>
        "Beads.Host: the Beads host that bd talks to (started by bd itself, or by hand for a cluster node).\n\n" +
        string.Join('\n', Settings.Select(setting =>
            $"  {(setting.Flag is null ? $"[{setting.Environment}]" : $"{setting.Flag} {setting.ValueName}".TrimEnd()),-30} " +
            setting.Description + (setting.Repeatable ? ", repeatable" : "") +
            (setting.Flag is not null && setting.Environment is { } variable ? $" [{variable}]" : ""))) +
        "\n\nA flag wins over its [environment variable], which wins over HOCON (hocon/beads.conf); see the README.";

    /// <summary>
    /// The host's settings from <paramref name="args"/>, <paramref name="environment"/> and the HOCON files.
    /// </summary>
    /// <exception cref="HostUsageException">An unknown argument, or a flag without its value.</exception>
    public static HostSettings Read(string[] args, IDictionary environment, Config hocon) =>
        Build(args, environment, hocon).Get<HostSettings>() ?? new HostSettings();

    /// <summary>The three layers, lowest first: the later a source, the more it wins.</summary>
    public static IConfiguration Build(string[] args, IDictionary environment, Config hocon) =>
        new ConfigurationBuilder()
            .Add(Layer(setting => setting.Hocon is { } path && hocon.HasPath(path) ? hocon.GetString(path) : null))
            .Add(Layer(setting => setting.Environment is { } variable && environment[variable] is string { Length: > 0 } text
                ? setting.FromEnvironment is { } convert ? convert(text) : text
                : null))
            .Add(Layer(CommandLine(args)))
            .Build();

    private static MemoryConfigurationSource Layer(Func<Setting, string?> valueOf) => new()
    {
        InitialData = Settings.Select(setting => KeyValuePair.Create(setting.Key, valueOf(setting)))
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value)),
    };

    private static Func<Setting, string?> CommandLine(string[] args)
    {
        var given = new Dictionary<Setting, List<string>>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Settings.FirstOrDefault(setting => setting.Flag == args[i]) is not { } setting)
                throw new HostUsageException($"unknown argument '{args[i]}': `Beads.Host --help` lists the flags it takes");
            var value = "true";
            if (setting.ValueName is not null)
            {
                if (++i == args.Length || args[i].StartsWith("--", StringComparison.Ordinal))
                    throw new HostUsageException($"{setting.Flag} needs a value ({setting.ValueName})");
                value = args[i];
            }
            if (!given.TryGetValue(setting, out var values)) given[setting] = values = [];
            if (!setting.Repeatable) values.Clear(); // the last of a repeated single-valued flag wins
            values.Add(value);
        }
        return setting => given.TryGetValue(setting, out var values) ? string.Join(',', values) : null;
    }

    /// <summary>BD_HOST may list several nodes for bd to try; the first socket among them is this host's.</summary>
    private static string? FirstSocket(string text) =>
        HostEndpoint.ParseList(text).FirstOrDefault(endpoint => endpoint.IsUnixSocket)?.SocketPath;
}

/// <summary>
/// The host's settings as <see cref="HostConfiguration"/> bound them, each as its layers gave it (validated where it is
/// used: <see cref="ClusterNodeOptions"/>, <see cref="Gateway.GatewayOptions"/>, <see cref="BeadsHostOptions"/>).
/// </summary>
public sealed record HostSettings
{
    public string? DataDirectory { get; init; }
    public string? Socket { get; init; }
    public string? Tcp { get; init; }
    public string? TlsCertificate { get; init; }
    public bool InsecureTcp { get; init; }
    public string? ClusterHost { get; init; }
    public string? ClusterPort { get; init; }
    public string? ClusterCertificate { get; init; }

    /// <summary>Comma-separated, as BEADS_CLUSTER_SEEDS gives them and as repeated <c>--seed</c> flags are joined.</summary>
    public string? Seeds { get; init; }

    /// <summary>Comma-separated, like <see cref="Seeds"/>.</summary>
    public string? Roles { get; init; }
    public string? NodeName { get; init; }
    public string? DatabaseServer { get; init; }
    public string? NewClusterCertificate { get; init; }
    public bool Help { get; init; }

    public static IReadOnlyList<string> ListOf(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The host's command line is not one it takes: exit 2, with what is wrong.</summary>
public sealed class HostUsageException(string message) : Exception(message);
