using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>
/// beads' <c>bd batch</c> grammar, one operation per line: <c>close ID [reason...]</c>, <c>update ID key=value...</c>
/// (status, priority, title, assignee), <c>create TYPE PRIORITY TITLE...</c>, <c>dep add FROM TO [TYPE]</c>,
/// <c>dep remove FROM TO</c>; blank lines and <c># comments</c> skipped; words split on spaces, a double-quoted
/// string one word (<c>\"</c> and <c>\\</c> inside it). A line it cannot read stops the whole script before anything
/// is sent.
/// </summary>
public static class BatchScript
{
    private static readonly ImmutableArray<string> UpdateKeys = ["status", "priority", "title", "assignee"];

    public static ImmutableList<BatchStep> Parse(string script, string rig, string actor)
    {
        var steps = ImmutableList.CreateBuilder<BatchStep>();
        var lines = script.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var number = index + 1;
            try
            {
                steps.Add(new BatchStep(number, Step(Words(line), rig, actor)));
            }
            catch (FormatException e)
            {
                throw CliException.Usage($"batch line {number} ({line}): {e.Message}; nothing was changed");
            }
        }
        return steps.ToImmutable();
    }

    private static IRigMessage Step(IReadOnlyList<string> words, string rig, string actor)
    {
        string At(int i, string what) => i < words.Count ? words[i] : throw new FormatException($"{words[0]} needs {what}");
        string Rest(int from) => string.Join(' ', words.Skip(from));
        switch (words[0])
        {
            case "close":
                return new CloseIssue(rig, actor, At(1, "an issue id"), words.Count > 2 ? Rest(2) : null);
            case "update":
                var id = At(1, "an issue id");
                At(2, "at least one key=value");
                var fields = ImmutableDictionary.CreateBuilder<string, string>();
                foreach (var pair in words.Skip(2))
                {
                    var equals = pair.IndexOf('=');
                    if (equals <= 0) throw new FormatException($"update expects key=value, got '{pair}'");
                    var key = pair[..equals];
                    if (!UpdateKeys.Contains(key))
                        throw new FormatException($"update cannot set '{key}' in a batch (it sets {string.Join(", ", UpdateKeys)})");
                    fields[key] = pair[(equals + 1)..];
                }
                return new UpdateIssue(rig, actor, id) { Fields = fields.ToImmutable() };
            case "create":
                var type = At(1, "a type, a priority and a title");
                var priority = At(2, "a priority and a title");
                At(3, "a title");
                return new CreateIssue(rig, actor, Rest(3))
                {
                    IssueType = type,
                    Priority = int.TryParse(priority.TrimStart('P', 'p'), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                        ? p
                        : throw new FormatException($"create's priority '{priority}' is not 0-4"),
                };
            case "dep":
                var verb = At(1, "add or remove");
                var (from, to) = (At(2, "two issue ids"), At(3, "two issue ids"));
                return verb switch
                {
                    "add" => new AddDependency(rig, actor, from, to, words.Count > 4 ? words[4] : "blocks"),
                    "remove" or "rm" => new RemoveDependency(rig, actor, from, to),
                    _ => throw new FormatException($"unknown dep operation '{verb}' (add or remove)"),
                };
            default:
                throw new FormatException($"'{words[0]}' is not a batch operation (close, update, create, dep add, dep remove)");
        }
    }

    /// <summary>The line's words: split on spaces and tabs, a double-quoted string one word.</summary>
    public static IReadOnlyList<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\') word.Append(line[++i]);
                else if (c == '"') quoted = false;
                else word.Append(c);
            }
            else if (c == '"')
            {
                quoted = inWord = true;
            }
            else if (c is ' ' or '\t')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quoted) throw new FormatException("a quoted string is not closed");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
