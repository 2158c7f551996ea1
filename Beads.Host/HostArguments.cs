namespace Beads.Host;

/// <summary>
/// The host's settings from its command line and environment, by one rule: a flag wins over its environment variable,
/// which wins over the HOCON setting (or default) the caller falls back to. <see cref="Flags"/> is the one list of
/// them: <c>--help</c> prints it, and any other argument is refused. (Not IConfiguration's command-line provider: it
/// keeps only the last of a repeated flag such as <c>--seed</c>, and takes no switch without a value.)
/// </summary>
public static class HostArguments
{
    /// <summary>
    /// A flag the host takes: its name, what its value is (null for a switch), its environment variable (a
    /// comma-separated list for a repeatable flag), whether it may be given more than once, and what it does.
    /// </summary>
    public sealed record Flag(string Name, string? ValueName, string? Environment, string Description, bool Repeatable = false);

    public static readonly IReadOnlyList<Flag> Flags =
    [
        new("--data-dir", "DIR", "BEADS_DATA_DIR", "where the store, token and certificate live (default: the user's data folder)"),
        new("--socket", "PATH", null, "the Unix socket bd talks to (default: BD_HOST's first socket, else $XDG_RUNTIME_DIR/beads/bd.sock, else /tmp/beads-$USER/bd.sock)"),
        new("--tcp", "HOST:PORT", null, "also listen on TCP (a bearer token is required; beyond loopback only with --tls-cert or --insecure-tcp)"),
        new("--tls-cert", "FILE.pfx", "BEADS_TLS_CERT", "serve TCP as HTTPS with this certificate"),
        new("--insecure-tcp", null, null, "allow plain HTTP on TCP beyond loopback (a network you trust)"),
        new("--cluster-host", "HOST", "BEADS_CLUSTER_HOST", "the address other nodes reach this one at (default 127.0.0.1)"),
        new("--cluster-port", "PORT", "BEADS_CLUSTER_PORT", "the cluster (remoting) port (0 picks a free one)"),
        new("--cluster-cert", "FILE.pfx", "BEADS_CLUSTER_CERT", "the certificate every node of the cluster shares"),
        new("--seed", "HOST:PORT", "BEADS_CLUSTER_SEEDS", "a node to join through", Repeatable: true),
        new("--role", "ROLE", "BEADS_CLUSTER_ROLES", "a cluster role", Repeatable: true),
        new("--node-name", "NAME", "BEADS_NODE_NAME", "this node's stable name (default: the machine's name)"),
        new("--new-cluster-cert", "FILE.pfx", null, "write a new cluster certificate to FILE and exit"),
        new("--help", null, null, "print this and exit"),
    ];

    /// <summary>What <c>--help</c> prints.</summary>
    public static string Usage =>
        "Beads.Host: the Beads host that bd talks to (started by bd itself, or by hand for a cluster node).\n\n" +
        string.Join('\n', Flags.Select(flag => $"  {$"{flag.Name} {flag.ValueName}".TrimEnd(),-30} {flag.Description}" +
                                                 (flag.Repeatable ? ", repeatable" : "") +
                                                 (flag.Environment is { } variable ? $" [{variable}]" : ""))) +
        "\n\nA flag wins over its [environment variable], which wins over HOCON (hocon/beads.conf); see the README.";

    /// <summary>The setting <paramref name="name"/>: its flag's last value, else its environment variable, else null.</summary>
    public static string? Setting(string[] args, string name) =>
        Value(args, name) ?? (Find(name).Environment is { } variable && System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : null);

    /// <summary>A repeatable setting: every value of its flag, then those its environment variable lists (comma-separated).</summary>
    public static IEnumerable<string> Settings(string[] args, string name) =>
        Values(args, name).Concat((Find(name).Environment is { } variable ? System.Environment.GetEnvironmentVariable(variable) ?? "" : "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Why <paramref name="args"/> are not a command line the host takes, or null when they are.</summary>
    public static string? Problem(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (Flags.FirstOrDefault(flag => flag.Name == args[i]) is not { } flag)
                return $"unknown argument '{args[i]}': `Beads.Host --help` lists the flags it takes";
            if (flag.ValueName is null) continue;
            if (++i == args.Length || args[i].StartsWith("--", StringComparison.Ordinal))
                return $"{flag.Name} needs a value ({flag.ValueName})";
        }
        return null;
    }

    /// <summary>The last value given for <paramref name="name"/>, or null.</summary>
    public static string? Value(string[] args, string name) => Values(args, name).LastOrDefault();

    /// <summary>Whether the flag <paramref name="name"/>, which takes no value, is given.</summary>
    public static bool Has(string[] args, string name) => args.Contains(Known(name));

    /// <summary>Every value given for a repeatable flag, in order.</summary>
    public static IEnumerable<string> Values(string[] args, string name)
    {
        Known(name);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name) yield return args[i + 1];
        }
    }

    private static string Known(string name) => Find(name).Name;

    private static Flag Find(string name) => Flags.FirstOrDefault(flag => flag.Name == name)
        ?? throw new InvalidOperationException($"{name} is not in HostArguments.Flags: add it there, with what it does");
}
