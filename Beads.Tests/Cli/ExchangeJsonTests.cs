using System.Collections;
using System.Text.Json;
using Beads.Cli.Connection;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>bd's contract of one exchange puts on the wire exactly what the full protocol contract does.</summary>
public class ExchangeJsonTests
{
    [Fact]
    public void A_message_and_the_messages_it_carries_are_written_as_the_full_contract_writes_them()
    {
        var batch = new RunBatch("api", "ann", [
            new BatchStep(1, new CreateIssue("api", "ann", "first")),
            new BatchStep(2, new CloseIssue("api", "ann", "api-1", "done")),
            new BatchStep(3, new AddComment("api", "ann", "api-2", "seen")),
        ]);
        IRigMessage[] messages = [new ShowIssues("api", ["api-1"]), DeliverOnce.Of(new CreateIssue("api", "ann", "t")), DeliverOnce.Of(batch)];

        Assert.All(messages, message => Assert.Equal(
            JsonSerializer.Serialize(message, ProtocolJson.Info<IRigMessage>()),
            JsonSerializer.Serialize(message, ExchangeJson.For(message, typeof(ResolvedId)).Message)));
    }

    [Fact]
    public void The_expected_reply_is_read_and_any_other_kind_is_refused_as_JSON()
    {
        var json = ExchangeJson.For(new ShowIssues("api", ["api-1"]), typeof(ResolvedId));
        IRigReply expected = new ResolvedId("api-1");
        IRigReply other = new Rejected(ErrorCodes.NotFound, "no issue");

        Assert.Equal(expected, JsonSerializer.Deserialize(JsonSerializer.Serialize(expected, ProtocolJson.Info<IRigReply>()), json.Reply));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(JsonSerializer.Serialize(other, ProtocolJson.Info<IRigReply>()), json.Reply));
    }

    [Fact]
    public void Only_a_delivered_once_command_and_a_batch_step_carry_a_message()
    {
        // ExchangeJson.KindsIn walks these two; a third record holding a message by its interface would fail to be
        // written by bd. (A record holding a concrete one, as ClaimReadyWork holds its GetReadyWork, writes it by its own
        // contract, without a kind.)
        var carriers = typeof(IRigMessage).Assembly.GetTypes()
            .SelectMany(type => type.GetProperties().Where(property => HoldsMessage(property.PropertyType)).Select(_ => type.Name))
            .Distinct()
            .Order();

        Assert.Equal(["BatchStep", "DeliverOnce"], carriers);
    }

    private static bool HoldsMessage(Type type) =>
        (type.IsInterface && typeof(IRigMessage).IsAssignableFrom(type))
        || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments().Any(HoldsMessage));
}
