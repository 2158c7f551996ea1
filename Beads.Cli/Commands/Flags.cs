using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>Turning flag text into protocol values, shared by the commands that take the same flags.</summary>
public static class Flags
{
    public static Option<string?> Text(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<bool> Switch(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    /// <summary>0-4 or P0-P4, as beads accepts; the range itself is checked by the rig.</summary>
    public static int? Priority(string? text)
    {
        if (text is null) return null;
        var digits = text.Trim().TrimStart('P', 'p');
        return int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)
            ? priority
            : throw CliException.Usage($"invalid priority '{text}': use 0 (highest) to 4 (lowest), or P0 to P4");
    }

    /// <summary>Labels given as <c>-l a,b -l c</c>.</summary>
    public static ImmutableList<string> List(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToImmutableList();

    /// <summary>
    /// beads' <c>--deps type:id,...</c>: a bare id is a blocks edge from the new issue; <c>blocks:X</c> means the new
    /// issue blocks X, so that edge points the other way.
    /// </summary>
    public static ImmutableList<DependencySpec> Dependencies(IEnumerable<string>? values) =>
        List(values).Select(item =>
        {
            var colon = item.IndexOf(':');
            if (colon < 0) return new DependencySpec("blocks", item);
            var (type, target) = (item[..colon].Trim().ToLowerInvariant(), item[(colon + 1)..].Trim());
            if (target.Length == 0) throw CliException.Usage($"--deps '{item}' names no issue: write type:id, such as discovered-from:bd-a1b2");
            return type == "blocks" ? new DependencySpec("blocks", target, Reversed: true) : new DependencySpec(type, target);
        }).ToImmutableList();

    /// <summary>A file's text for a flag such as --reason-file or --body-file; "-" reads standard input.</summary>
    public static string TextFromFile(string flag, string path)
    {
        if (path == "-") return Console.In.ReadToEnd().TrimEnd('\n');
        try
        {
            return File.ReadAllText(path).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{flag} {path}: cannot read it ({FileErrors.Reason(e)})");
        }
    }

    /// <summary>Text for a field; "-" reads it from standard input.</summary>
    public static string? TextOrStdin(string? value) => value == "-" ? Console.In.ReadToEnd().TrimEnd('\n') : value;

    public static DateTimeOffset? When(string flag, string? text) =>
        text is null or "" ? null : WhenText.Parse(flag, text, DateTimeOffset.UtcNow);
}
