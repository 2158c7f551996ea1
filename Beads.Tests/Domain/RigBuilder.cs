using System.Collections.Immutable;
using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Domain;

/// <summary>
/// Drives a <see cref="RigState"/> through <see cref="RigDecider.Decide"/> and <see cref="RigState.Apply"/> the way the
/// rig actor does, without the actor: decide, insist on success, fold the events in. The clock is fixed and moves one
/// minute after every command, so created_at values differ and every test is reproducible.
/// </summary>
internal sealed class RigBuilder
{
    public const string Rig = "demo";
    public const string Prefix = "bd";
    public const string Alice = "alice";
    public const string Bob = "bob";

    /// <summary>The instant the first command happens.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How far the clock moves after each command.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public RigState State { get; private set; }
    public DateTimeOffset Now { get; set; }

    /// <summary>Every event applied so far, oldest first.</summary>
    public List<IRigEvent> History { get; } = [];

    private RigBuilder(RigState state, DateTimeOffset now)
    {
        State = state;
        Now = now;
    }

    public static RigBuilder Empty() => new(RigState.Empty, Start);

    /// <summary>A rig initialised with prefix <see cref="Prefix"/>.</summary>
    public static RigBuilder Initialized(string prefix = Prefix)
    {
        var rig = Empty();
        rig.Do(new InitRig(Rig, Alice, prefix, "/home/alice/demo"));
        return rig;
    }

    public Issue this[string id] => State.Issues[id];

    public Result<Decision> Decide(IRigCommand command) => RigDecider.Decide(State, command, Now);

    /// <summary>Decides, asserts the command was accepted, applies its events and answers its reply.</summary>
    public Applied Do(IRigCommand command)
    {
        var decision = Decide(command);
        Assert.True(decision.IsOk, $"{command.GetType().Name} was refused: {decision.Error?.Code}: {decision.Error?.Message}");
        var events = decision.Value.Events;
        State = events.Aggregate(State, (state, e) => state.Apply(e));
        History.AddRange(events);
        Now += Step;
        return new Applied(events, decision.Value.Reply(State));
    }

    /// <summary>Decides, asserts the command was refused with <paramref name="code"/>; the state is left as it was.</summary>
    /// <summary>Applies an event as if the rig had journaled it long ago (data an older version let in), with no decision.</summary>
    public RigBuilder Took(IRigEvent journaled)
    {
        State = State.Apply(journaled);
        return this;
    }

    public Rejected Refuse(IRigCommand command, string code)
    {
        var decision = Decide(command);
        Assert.False(decision.IsOk,
            decision.IsOk ? $"{command.GetType().Name} was accepted with {decision.Value.Events.Count} event(s)" : "");
        Assert.Equal(code, decision.Error!.Code);
        return decision.Error;
    }

    /// <summary>Creates an issue and returns it as stored.</summary>
    public Issue Create(string title, Func<CreateIssue, CreateIssue>? shape = null, string actor = Alice)
    {
        var command = new CreateIssue(Rig, actor, title);
        var applied = Do(shape is null ? command : shape(command));
        var created = Assert.IsType<IssueCreated>(applied.Events[0]);
        return State.Issues[created.Issue.Id];
    }

    public Issue CreateEpic(string title) => Create(title, c => c with { IssueType = "epic" });

    public Issue CreateChild(string parentId, string title, string type = "task") =>
        Create(title, c => c with { Parent = parentId, IssueType = type });

    /// <summary><paramref name="issueId"/> comes to depend on <paramref name="dependsOnId"/>.</summary>
    public void Link(string issueId, string dependsOnId, string type = "blocks") =>
        Do(new AddDependency(Rig, Alice, issueId, dependsOnId, type));

    /// <summary>Adds an edge by applying the event directly: the only way to give an edge metadata (waits-for gates).</summary>
    public void ApplyEdge(string issueId, string dependsOnId, string type, string? metadata = null)
    {
        var added = new DependencyAdded(new Dependency
        {
            IssueId = issueId, DependsOnId = dependsOnId, Type = type, CreatedAt = Now, CreatedBy = Alice,
            Metadata = metadata,
        }, Now, Alice);
        State = State.Apply(added);
        History.Add(added);
    }

    /// <summary>Adds an issue as an import would, unknown fields (<paramref name="extraJson"/>, a JSON object) included.</summary>
    public Issue Import(string id, string title, string? extraJson = null, string type = "task", string status = "open")
    {
        var issue = new Issue
        {
            Id = id, Title = title, Status = status, IssueType = type, CreatedAt = Now, UpdatedAt = Now,
            Extra = extraJson is null
                ? null
                : JsonDocument.Parse(extraJson).RootElement.EnumerateObject()
                    .ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
        var created = new IssueCreated(issue, Now, Alice);
        State = State.Apply(created);
        History.Add(created);
        Now += Step;
        return issue;
    }

    public void Close(string id, bool force = false, string? reason = null) =>
        Do(new CloseIssue(Rig, Alice, id, reason, force));

    public void SetStatus(string id, string status) =>
        Do(new UpdateIssue(Rig, Alice, id) { Fields = ImmutableDictionary<string, string>.Empty.Add("status", status) });

    public void Update(string id, string field, string value, string actor = Alice) =>
        Do(new UpdateIssue(Rig, actor, id) { Fields = ImmutableDictionary<string, string>.Empty.Add(field, value) });

    public static ImmutableDictionary<string, string> Fields(params (string Field, string Value)[] fields) =>
        fields.ToImmutableDictionary(f => f.Field, f => f.Value);
}

internal sealed record Applied(ImmutableList<IRigEvent> Events, IRigReply Reply)
{
    public Issue Issue => Assert.IsType<IssueResult>(Reply).Issue;
}
