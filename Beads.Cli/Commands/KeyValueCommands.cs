using System.CommandLine;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>
/// kv set/get/clear/list, and the memories kept in the same store: remember, memories, recall, forget. Every value
/// lives in the rig's settings under <c>kv.</c> (memories under <c>kv.memory.</c>), as beads keeps them, set through
/// the rig's journal and read from its info.
/// </summary>
public static partial class KeyValueCommands
{
    public static IEnumerable<Command> All() => [Kv(), Remember(), Memories(), Recall(), Forget()];

    private const string Memory = SetKeyValue.MemoryPrefix;

    private static Command Kv()
    {
        var key = new Argument<string>("key") { Description = "The key" };
        var value = new Argument<string>("value") { Description = "The value" };
        var set = new Command("set", "Set a key's value") { key, value }.With(async run =>
        {
            var (name, text) = (run.Value(key)!, run.Value(value)!);
            await Set(run, name, text);
            run.Print(new JsonObjectOutput(new JsonObject { ["key"] = name, ["value"] = text }, $"Set {name} = {text}"));
        });
        var get = new Command("get", "Print a key's value (exit 1 when it is not set)") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            return Found(run, name, (await Stored(run)).GetValueOrDefault(name), $"{name} (not set)");
        });
        var clear = new Command("clear", "Delete a key") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            await Set(run, name, "");
            run.Print(new JsonObjectOutput(new JsonObject { ["key"] = name, ["deleted"] = "true" }, $"Cleared {name}"));
        });
        var list = new Command("list", "List every key and its value").With(async run =>
        {
            var pairs = (await Stored(run)).Where(pair => !pair.Key.StartsWith(Memory, StringComparison.Ordinal)).ToImmutableSortedDictionary(StringComparer.Ordinal);
            run.Print(new JsonObjectOutput(AsObject(pairs), pairs.IsEmpty
                ? "No key-value pairs set"
                : $"\nKey-Value Store:\n{string.Join("\n", pairs.Select(pair => $"  {pair.Key} = {pair.Value}"))}"));
        });
        return new Command("kv", "A key-value store kept with the rig: flags, endpoints, anything that outlives a session")
        {
            set, get, clear, list,
        };
    }

    private static Command Remember()
    {
        var insight = new Argument<string>("insight") { Description = "What to remember" };
        var explicitKey = Flags.Text("--key", "Its key (default: made from its first words); a memory with this key is updated in place");
        var command = new Command("remember", "Keep an insight for every later session (bd prime shows them all)") { insight, explicitKey };
        return command.With(async run =>
        {
            var text = run.Value(insight)!;
            if (string.IsNullOrWhiteSpace(text)) throw CliException.Usage("memory content cannot be empty: bd remember \"what to remember\"");
            var key = run.Value(explicitKey) ?? Slug(text);
            if (key.Length == 0) throw CliException.Usage("could not make a key from this content: give one with --key");
            var verb = (await Memories(run)).ContainsKey(key) ? "Updated" : "Remembered";
            await Set(run, Memory + key, text);
            run.Print(new JsonObjectOutput(new JsonObject { ["key"] = key, ["value"] = text, ["action"] = verb.ToLowerInvariant() },
                $"{verb} [{key}]: {Shorten(text, 80)}"));
        });
    }

    private static Command Memories()
    {
        var search = new Argument<string?>("search") { Arity = ArgumentArity.ZeroOrOne, Description = "Only memories whose key or text contains this" };
        var command = new Command("memories", "List the memories bd remember keeps, or those matching a word") { search };
        return command.With(async run =>
        {
            var wanted = run.Value(search);
            var memories = (await Memories(run))
                .Where(memory => wanted is null || memory.Key.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                                 || memory.Value.Contains(wanted, StringComparison.OrdinalIgnoreCase))
                .ToImmutableSortedDictionary(StringComparer.Ordinal);
            var text = memories.IsEmpty
                ? wanted is null ? "No memories stored. Use 'bd remember \"insight\"' to add one." : $"No memories matching \"{wanted}\""
                : (wanted is null ? $"Memories ({memories.Count}):\n\n" : $"Memories matching \"{wanted}\":\n\n")
                  + string.Join("\n", memories.Select(memory => $"  {memory.Key}\n    {Shorten(memory.Value, 120)}\n"));
            run.Print(new JsonObjectOutput(AsObject(memories), text.TrimEnd('\n')));
        });
    }

    private static Command Recall()
    {
        var key = new Argument<string>("key") { Description = "The memory's key (bd memories lists them)" };
        return new Command("recall", "Print one memory in full (exit 1 when there is none by that key)") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            return Found(run, name, (await Memories(run)).GetValueOrDefault(name), $"No memory with key \"{name}\"");
        });
    }

    private static Command Forget()
    {
        var key = new Argument<string>("key") { Description = "The memory's key (bd memories lists them)" };
        return new Command("forget", "Remove a memory (exit 1 when there is none by that key)") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            if ((await Memories(run)).GetValueOrDefault(name) is not { } existing)
            {
                if (run.Json) run.Print(new JsonObjectOutput(new JsonObject { ["key"] = name, ["found"] = "false" }, ""));
                else Console.Error.WriteLine($"No memory with key \"{name}\"");
                return ExitCodes.Refused;
            }
            await Set(run, Memory + name, "");
            run.Print(new JsonObjectOutput(new JsonObject { ["key"] = name, ["deleted"] = "true" }, $"Forgot [{name}]: {Shorten(existing, 80)}"));
            return ExitCodes.Ok;
        });
    }

    /// <summary>The memories of the rig here, for <c>bd prime</c> as for <c>bd memories</c>: key to text.</summary>
    public static async Task<ImmutableDictionary<string, string>> Memories(Invocation run) =>
        (await Stored(run)).Where(pair => pair.Key.StartsWith(Memory, StringComparison.Ordinal))
        .ToImmutableDictionary(pair => pair.Key[Memory.Length..], pair => pair.Value);

    /// <summary>Every key of the store, without its <c>kv.</c>.</summary>
    private static async Task<ImmutableDictionary<string, string>> Stored(Invocation run) =>
        (await run.Send<RigInfo>(new GetRigInfo(await run.Rig()))).Config
        .Where(pair => pair.Key.StartsWith(SetKeyValue.StoragePrefix, StringComparison.Ordinal))
        .ToImmutableDictionary(pair => pair.Key[SetKeyValue.StoragePrefix.Length..], pair => pair.Value);

    private static async Task Set(Invocation run, string key, string value) =>
        await run.Send<RigInfo>(new SetKeyValue(await run.Rig(), run.Actor, key, value));

    /// <summary>get and recall: the value on stdout, or beads' found:false object with --json; exit 1 when there is none.</summary>
    private static int Found(Invocation run, string key, string? value, string missing)
    {
        if (run.Json) run.Print(new JsonObjectOutput(new JsonObject { ["key"] = key, ["value"] = value ?? "", ["found"] = value is not null }, ""));
        else if (value is not null) run.PrintPlain(value);
        else Console.Error.WriteLine(missing);
        return value is null ? ExitCodes.Refused : ExitCodes.Ok;
    }

    private static JsonObject AsObject(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs) json[key] = value;
        return json;
    }

    /// <summary>A memory's key from its text, as beads makes one: its first eight words, lowercase, joined by '-', at most 60 characters.</summary>
    public static string Slug(string text)
    {
        var words = NotAlphanumeric().Replace(text.ToLowerInvariant(), "-").Trim('-').Split('-').Take(8);
        var slug = string.Join("-", words);
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    public static string Shorten(string text, int length)
    {
        var line = text.Replace('\n', ' ');
        return line.Length <= length ? line : line[..(length - 3)] + "...";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotAlphanumeric();
}
