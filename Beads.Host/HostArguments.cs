namespace Beads.Host;

/// <summary>The host's few flags (<c>--name value</c>): it has no subcommands, so no parser library is needed.</summary>
public static class HostArguments
{
    /// <summary>The last value given for <paramref name="name"/>, or null.</summary>
    public static string? Value(string[] args, string name) => Values(args, name).LastOrDefault();

    /// <summary>Whether the flag <paramref name="name"/>, which takes no value, is given.</summary>
    public static bool Has(string[] args, string name) => args.Contains(name);

    /// <summary>Every value given for a repeatable flag, in order.</summary>
    public static IEnumerable<string> Values(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name) yield return args[i + 1];
        }
    }
}
