namespace Beads.Protocol;

/// <summary>
/// Where a Beads host listens: a Unix socket (the default, one per user) or a TCP address (for remote clients, with
/// a token), plain or TLS. Written <c>unix:///path/bd.sock</c>, <c>tcp://host:port</c> (plain HTTP: loopback or a
/// network one trusts) or <c>https://host:port</c>; a bare path means a Unix socket.
/// </summary>
/// <param name="Tls">Whether the TCP address speaks HTTPS (the host's <c>--tls-cert</c>).</param>
public sealed record HostEndpoint(string? SocketPath, string? Host, int Port, bool Tls = false)
{
    public const string Variable = "BD_HOST";

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>The per-user socket: <c>$XDG_RUNTIME_DIR/beads/bd.sock</c>, else <c>/tmp/beads-$USER/bd.sock</c>.</summary>
    public static HostEndpoint Default
    {
        get
        {
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var folder = string.IsNullOrEmpty(runtime)
                ? Path.Combine(Path.GetTempPath(), $"beads-{Environment.UserName}")
                : Path.Combine(runtime, "beads");
            return new HostEndpoint(Path.Combine(folder, "bd.sock"), null, 0);
        }
    }

    /// <summary>Comma-separated endpoints, such as <c>tcp://a:7420,tcp://b:7420</c>.</summary>
    public static IReadOnlyList<HostEndpoint> ParseList(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(part => part.Length == 0))
            throw new FormatException($"'{text}' has an empty entry: separate host addresses with single commas, such as tcp://a:7420,tcp://b:7420");
        return [.. parts.Select(Parse)];
    }

    public static HostEndpoint Parse(string text)
    {
        if (text.StartsWith("unix://", StringComparison.Ordinal)) return new HostEndpoint(text["unix://".Length..], null, 0);
        foreach (var (scheme, tls) in new[] { ("tcp://", false), ("https://", true) })
        {
            if (!text.StartsWith(scheme, StringComparison.Ordinal)) continue;
            var address = text[scheme.Length..].TrimEnd('/');
            var colon = address.LastIndexOf(':');
            if (colon > 0 && int.TryParse(address[(colon + 1)..], out var port) && port is > 0 and < 65536)
                return new HostEndpoint(null, address[..colon], port, tls);
            throw new FormatException($"'{text}' is not a TCP address: write it as {scheme}host:port, such as {scheme}127.0.0.1:7420");
        }
        if (text.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"'{text}' is not a host address: use unix:///path/to/bd.sock, tcp://host:port or https://host:port");
        return new HostEndpoint(text, null, 0);
    }

    public override string ToString() => IsUnixSocket ? $"unix://{SocketPath}" : $"{(Tls ? "https" : "tcp")}://{Host}:{Port}";
}
