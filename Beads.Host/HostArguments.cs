namespace Beads.Host;

/// <summary>
/// The host's few flags (<c>--name value</c>, or a switch): it has no subcommands, so no parser library is needed.
/// <see cref="Flags"/> is the one list of them: <c>--help</c> prints it, and any other argument is refused.
/// </summary>
public static class HostArguments
{
    /// <summary>A flag the host takes: its name, what its value is (null for a switch) and what it does.</summary>
    public sealed record Flag(string Name, string? ValueName, string Description);

    public static readonly IReadOnlyList<Flag> Flags =
    [
        new("--data-dir", "DIR", "where the store, token and certificate live (BEADS_DATA_DIR; default: the user's data folder)"),
        new("--socket", "PATH", "the Unix socket bd talks to (default: $XDG_RUNTIME_DIR/beads/bd.sock, else /tmp/beads-$USER/bd.sock)"),
        new("--tcp", "HOST:PORT", "also listen on TCP (a bearer token is required; beyond loopback only with --tls-cert or --insecure-tcp)"),
        new("--tls-cert", "FILE.pfx", "serve TCP as HTTPS with this certificate (BEADS_TLS_CERT)"),
        new("--insecure-tcp", null, "allow plain HTTP on TCP beyond loopback (a network you trust)"),
        new("--cluster-host", "HOST", "the address other nodes reach this one at (BEADS_CLUSTER_HOST; default 127.0.0.1)"),
        new("--cluster-port", "PORT", "the cluster (remoting) port (BEADS_CLUSTER_PORT; 0 picks a free one)"),
        new("--cluster-cert", "FILE.pfx", "the certificate every node of the cluster shares (BEADS_CLUSTER_CERT)"),
        new("--seed", "HOST:PORT", "a node to join through, repeatable (BEADS_CLUSTER_SEEDS)"),
        new("--role", "ROLE", "a cluster role, repeatable (BEADS_CLUSTER_ROLES)"),
        new("--node-name", "NAME", "this node's stable name (BEADS_NODE_NAME; default: the machine's name)"),
        new("--new-cluster-cert", "FILE.pfx", "write a new cluster certificate to FILE and exit"),
        new("--help", null, "print this and exit"),
    ];

    /// <summary>What <c>--help</c> prints.</summary>
    public static string Usage =>
        "Beads.Host: the Beads host that bd talks to (started by bd itself, or by hand for a cluster node).\n\n" +
        string.Join('\n', Flags.Select(flag => $"  {$"{flag.Name} {flag.ValueName}".TrimEnd(),-30} {flag.Description}")) +
        "\n\nSettings beyond these are HOCON (hocon/beads.conf); see the README.";

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

    private static string Known(string name) => Flags.Any(flag => flag.Name == name)
        ? name
        : throw new InvalidOperationException($"{name} is not in HostArguments.Flags: add it there, with what it does");
}
