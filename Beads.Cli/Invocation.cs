using System.CommandLine;
using Beads.Cli.Connection;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>One run of one command: its parsed line, the host connection and the rig it addresses, made on demand.</summary>
public sealed class Invocation(ParseResult parse, CancellationToken cancellation) : IDisposable
{
    private HostClient? _client;
    private string? _actor;
    private (RigConfigFile? File, bool Read) _local;
    private int _commandsSent;

    public ParseResult Parse { get; } = parse;
    public CancellationToken Cancellation { get; } = cancellation;
    /// <summary>--json, or beads' --format json (any other --format is refused before a command runs).</summary>
    public bool Json => Parse.GetValue(GlobalOptions.Json) || Parse.GetValue(GlobalOptions.Format) is not null;
    public string Actor => _actor ??= ActorName.Resolve(Parse.GetValue(GlobalOptions.Actor));

    /// <summary>The option's value; its default when this command does not take the option (shared filter builders).</summary>
    public T? Value<T>(Option<T> option) =>
        option.Recursive || Parse.CommandResult.Command.Options.Contains(option) ? Parse.GetValue(option) : default;
    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Whether the option was given at all, even with an empty value (--set-labels= clears every label).</summary>
    public bool Given(Option option) => Parse.GetResult(option) is { Implicit: false };

    /// <summary>Prints a command's answer: as JSON with --json, else as text.</summary>
    public void Print(ICliOutput output)
    {
        if (Json) BeadsJson.Print(output.WriteJson);
        else if (!Quiet)
        {
            // Written whole: a list of thousands of lines is one write instead of thousands.
            var text = new StringWriter();
            output.WriteText(text);
            Console.Out.Write(text.ToString());
        }
    }

    /// <summary>-q: text answers are left out; errors and --json output are not.</summary>
    public bool Quiet => Parse.GetValue(GlobalOptions.Quiet);

    /// <summary>
    /// A line of text printed as the command goes, one per item of a change to many (close, update, reopen): the
    /// JSON answer comes whole at the end (<see cref="Print"/>), so nothing is printed here with --json.
    /// </summary>
    public void Progress(string line)
    {
        if (!Json && !Quiet) Console.Out.WriteLine(line);
    }

    /// <summary>
    /// A remark for the person at the terminal (a flag that changes nothing here, a result cut short), on stderr so
    /// that stdout stays the answer a script reads, --json or not; -q leaves it out.
    /// </summary>
    public void Note(string line)
    {
        if (!Quiet) Console.Error.WriteLine(line);
    }

    /// <summary>Text that is the whole answer with or without --json, such as the new id that --silent and bd q print.</summary>
    public void PrintPlain(string line) => Console.Out.WriteLine(line);

    public async Task<HostClient> Client() => _client ??= await HostConnector.Connect(Cancellation);

    public bool NoAutoFlush => Parse.GetValue(GlobalOptions.NoAutoFlush);

    /// <summary>
    /// Sends one message. A command goes with --idempotency-key when given: the first change of this invocation under
    /// the key itself, each later one under the key and its number (K#2, K#3), so a rerun of the same command line
    /// names each of its changes again as the first run did.
    /// </summary>
    public async Task<T> Send<T>(IRigMessage message) where T : IRigReply
    {
        string? key = null;
        if (message is IRigCommand && Parse.GetValue(GlobalOptions.IdempotencyKey) is { } given)
        {
            if (DeliverOnce.KeyProblem(given) is { } problem) throw CliException.Usage($"--idempotency-key: {problem}");
            key = ++_commandsSent == 1 ? given : $"{given}#{_commandsSent}";
        }
        return await (await Client()).Send<T>(message, Cancellation, NoAutoFlush, key);
    }

    /// <summary>
    /// The rig a command addresses: --rig (or BD_RIG); else the rig whose prefix an id carries, when that is not
    /// the rig of this folder; else the rig of the nearest <c>.beads/</c>.
    /// </summary>
    public async Task<string> Rig(IEnumerable<string>? ids = null)
    {
        if ((Parse.GetValue(GlobalOptions.Rig) ?? Environment.GetEnvironmentVariable("BD_RIG")) is { Length: > 0 } named)
            return named;
        var local = LocalConfig();
        var id = ids?.FirstOrDefault();
        if (id is not null && await RigOfId(id) is { } owner) return owner.Name;
        return local?.Rig ?? throw CliException.Refused("no_rig",
            $"no rig here: no {BeadsFolder.ConfigInHome} in {Environment.CurrentDirectory} or above it; run `bd init` in your project, or pass --rig NAME");
    }

    /// <summary>
    /// The rig whose prefix <paramref name="id"/> carries: this folder's rig when it is that one (no need to ask), else
    /// the one the host knows by it; null when no rig has it.
    /// </summary>
    public async Task<RigEntry?> RigOfId(string id)
    {
        if (LocalConfig() is { } local && PrefixesOf(id).Contains(local.Prefix))
            return new RigEntry(local.Rig, local.Prefix, Path.GetDirectoryName(Path.GetDirectoryName(local.Path))!);
        foreach (var prefix in PrefixesOf(id))
        {
            if (await RigOfPrefix(prefix) is { } rig) return rig;
        }
        return null;
    }

    /// <summary>The rig with this prefix, as the host knows it; null when no rig has it.</summary>
    public async Task<RigEntry?> RigOfPrefix(string prefix)
    {
        try
        {
            return (await (await Client()).Get<RigDirectory>(GatewayRoutes.RigByPrefix(prefix), Cancellation)).Rigs[0];
        }
        catch (CliException e) when (e.Code == ErrorCodes.NotFound)
        {
            return null;
        }
    }

    /// <summary>The rig of the <c>.beads/</c> at or above <paramref name="folder"/> (create --repo).</summary>
    public string RigAt(string folder) =>
        (Directory.Exists(folder) ? RigConfigFile.FindAbove(Path.GetFullPath(folder)) : null)?.Rig
        ?? throw CliException.Usage($"--repo {folder}: no {BeadsFolder.ConfigInHome} in that folder or above it; give the folder of a rig (where `bd init` ran)");

    /// <summary>The nearest <c>.beads/config.yaml</c> at or above the working directory (read once); null when there is none.</summary>
    public RigConfigFile? LocalConfig()
    {
        if (!_local.Read) _local = (RigConfigFile.FindFrom(Environment.CurrentDirectory), true);
        return _local.File;
    }

    /// <summary>An id's possible prefixes: before its last '-' (ids like my-app-a1b2) and before its first; none without a '-'.</summary>
    private static IEnumerable<string> PrefixesOf(string id)
    {
        var top = id.Split('.')[0].ToLowerInvariant();
        var last = top.LastIndexOf('-');
        var first = top.IndexOf('-');
        if (last > 0) yield return top[..last];
        if (first > 0 && first != last) yield return top[..first];
    }

    public void Dispose() => _client?.Dispose();
}
