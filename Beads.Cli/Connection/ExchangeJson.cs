using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Cli.Connection;

/// <summary>
/// The JSON contract of one exchange with the gateway: <see cref="IRigMessage"/> knowing only the kinds this message
/// is made of, <see cref="IRigReply"/> only the kind bd expects back. The wire is the same as with
/// <see cref="ProtocolJson"/>'s full contract (the same <c>$type</c> names, from the same attributes); what differs is
/// the work: System.Text.Json builds the contract of every kind a polymorphic type lists the first time it is used,
/// so the full one made bd, which lives for one command, build some seventy records' contracts and their members' for
/// each run (a third of a <c>bd show</c>'s CPU) to use two of them.
/// </summary>
public sealed class ExchangeJson
{
    private ExchangeJson(JsonTypeInfo<IRigMessage> message, JsonTypeInfo<IRigReply> reply)
    {
        Message = message;
        Reply = reply;
    }

    public JsonTypeInfo<IRigMessage> Message { get; }

    /// <summary>Reads only the expected kind: any other <c>$type</c> fails as JSON (<see cref="JsonException"/>).</summary>
    public JsonTypeInfo<IRigReply> Reply { get; }

    /// <param name="message">What is sent: its kind and the kinds of the messages it carries.</param>
    /// <param name="reply">The kind of answer expected; <see cref="IRigReply"/> itself takes any.</param>
    public static ExchangeJson For(IRigMessage message, Type reply)
    {
        var kinds = KindsIn(message).ToHashSet();
        var resolver = ProtocolJsonContext.Default.WithAddedModifier(contract =>
        {
            if (contract.Type == typeof(IRigMessage)) KeepOnly(contract, kinds.Contains);
            else if (contract.Type == typeof(IRigReply) && reply != typeof(IRigReply)) KeepOnly(contract, kind => kind == reply);
        });
        var options = new JsonSerializerOptions(ProtocolJson.Options) { TypeInfoResolver = resolver };
        return new((JsonTypeInfo<IRigMessage>)options.GetTypeInfo(typeof(IRigMessage)),
            (JsonTypeInfo<IRigReply>)options.GetTypeInfo(typeof(IRigReply)));
    }

    /// <summary>
    /// The kinds a message is made of: its own, and those of the messages it carries (a delivered-once command, a
    /// batch's steps). No other protocol record holds a message (a test holds that).
    /// </summary>
    public static IEnumerable<Type> KindsIn(IRigMessage message) => message switch
    {
        DeliverOnce once => [typeof(DeliverOnce), .. KindsIn(once.Command)],
        RunBatch batch => [typeof(RunBatch), .. batch.Steps.SelectMany(step => KindsIn(step.Command))],
        _ => [message.GetType()],
    };

    private static void KeepOnly(JsonTypeInfo contract, Func<Type, bool> keep)
    {
        var kinds = contract.PolymorphismOptions!.DerivedTypes;
        for (var i = kinds.Count - 1; i >= 0; i--)
        {
            if (!keep(kinds[i].DerivedType)) kinds.RemoveAt(i);
        }
    }
}
