using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    private static Result<Decision> Create(RigState state, CreateIssue command, DateTimeOffset now)
    {
        var title = IssueValidation.Title(command.Title);
        if (!title.IsOk) return title.Error!;
        var type = IssueValidation.Type(state, command.IssueType ?? Types.Task);
        if (!type.IsOk) return type.Error!;
        var priority = IssueValidation.Priority(command.Priority ?? IssueDefaults.Priority);
        if (!priority.IsOk) return priority.Error!;
        // A defer date alone leaves the issue open: readiness hides it until the date passes, then it is ready again
        // by itself (beads' deferred status would hide it until somebody remembers to undefer it).
        var status = command.Status is { } wanted ? IssueValidation.Status(state, wanted) : Statuses.Open;
        if (!status.IsOk) return status.Error!;
        if (command.EstimatedMinutes is { } minutes && IssueValidation.Minutes(minutes).Error is { } badMinutes)
            return badMinutes;
        var metadata = command.Metadata is { } json ? IssueValidation.Json("metadata", json) : new Result<string>("");
        if (!metadata.IsOk) return metadata.Error!;
        var labels = ImmutableList.CreateBuilder<string>();
        foreach (var label in command.Labels)
        {
            var checkedLabel = IssueValidation.Label(label);
            if (!checkedLabel.IsOk) return checkedLabel.Error!;
            if (!labels.Contains(checkedLabel.Value)) labels.Add(checkedLabel.Value);
        }

        var id = NewId(state, command, title.Value, now);
        if (!id.IsOk) return id.Error!;

        var issue = new Issue
        {
            Id = id.Value.Id,
            Title = title.Value,
            Description = Blank(command.Description),
            Design = Blank(command.Design),
            AcceptanceCriteria = Blank(command.AcceptanceCriteria),
            Notes = Blank(command.Notes),
            Status = status.Value,
            Priority = priority.Value,
            IssueType = type.Value,
            Assignee = Blank(command.Assignee),
            Owner = Blank(command.Owner),
            EstimatedMinutes = command.EstimatedMinutes,
            CreatedAt = now,
            CreatedBy = command.Actor,
            UpdatedAt = now,
            StartedAt = status.Value == Statuses.InProgress ? now : null,
            ClosedAt = Statuses.IsDone(status.Value) ? now : null,
            DueAt = command.DueAt?.ToUniversalTime(),
            DeferUntil = command.DeferUntil?.ToUniversalTime(),
            ExternalRef = Blank(command.ExternalRef),
            Metadata = metadata.Value.Length > 0 ? System.Text.Json.JsonDocument.Parse(metadata.Value).RootElement.Clone() : null,
            Labels = labels.ToImmutable(),
        };
        if (command.Ephemeral) issue = IssueFlags.With(issue, IssueFlags.Ephemeral);

        // Each edge is checked against the state that already holds the new issue and the edges before it, so the
        // new issue's own edges cannot form a cycle between themselves either.
        var events = ImmutableList.Create<IRigEvent>(new IssueCreated(issue, now, command.Actor));
        var after = state.Apply(events[0]);
        var edges = command.Dependencies.Select(spec => (spec.Type, spec.Target, spec.Reversed));
        if (id.Value.Parent is { } parent) edges = edges.Prepend((DependencyTypes.ParentChild, parent, false));
        foreach (var (edgeType, target, reversed) in edges)
        {
            var edge = NewEdge(after, reversed ? target : issue.Id, reversed ? issue.Id : target, edgeType, command.Actor, now);
            if (!edge.IsOk) return edge.Error!;
            if (edge.Value is not { } added) continue;
            events = events.Add(added);
            after = after.Apply(added);
        }
        return Decided(events, issue.Id);
    }

    /// <summary>An explicit id, the parent's next child id, or a fresh hash id.</summary>
    private static Result<(string Id, string? Parent)> NewId(RigState state, CreateIssue command, string title, DateTimeOffset now)
    {
        if (command.ExplicitId is { } requested)
        {
            if (command.Parent is not null)
                return IssueValidation.Invalid("give either --id or --parent, not both: a child's id comes from its parent");
            var explicitId = requested.Trim(); // kept exactly as given: an id that is not one is refused, never changed
            if (!IssueIds.IsWellFormed(explicitId))
                return IssueValidation.Invalid(
                    $"'{requested}' is not a valid id: use {state.Prefix}-<letters and digits>, optionally followed by .N, such as {state.Prefix}-a3f8 or {state.Prefix}-a3f8.1");
            if (!command.Force && !explicitId.StartsWith(state.Prefix + "-", StringComparison.Ordinal))
                return IssueValidation.Invalid(
                    $"id '{requested}' does not start with this rig's prefix '{state.Prefix}-': use an id such as {state.Prefix}-a3f8, " +
                    "or pass --force to keep it in this rig anyway");
            if (IssueIds.Depth(explicitId) > IssueIds.MaxChildDepth)
                return IssueValidation.Invalid(
                    $"id '{requested}' is nested {IssueIds.Depth(explicitId)} levels deep: children may nest at most {IssueIds.MaxChildDepth} levels");
            if (state.Issues.ContainsKey(explicitId))
                return new Rejected(ErrorCodes.AlreadyExists,
                    $"issue {explicitId} already exists: choose another id, or change it with `bd update {explicitId}`");
            return (explicitId, null);
        }

        if (command.Parent is { } typedParent)
        {
            var parent = Existing(state, typedParent);
            if (!parent.IsOk) return parent.Error!;
            if (IssueIds.Depth(parent.Value.Id) >= IssueIds.MaxChildDepth)
                return IssueValidation.Invalid(
                    $"{parent.Value.Id} is already {IssueIds.MaxChildDepth} levels deep: children may nest at most {IssueIds.MaxChildDepth} levels; attach the new issue higher up");
            var number = state.LastChildNumber.GetValueOrDefault(parent.Value.Id);
            string childId;
            do childId = IssueIds.Child(parent.Value.Id, ++number);
            while (state.Issues.ContainsKey(childId));
            return (childId, parent.Value.Id);
        }

        // beads names wisps apart, so that an id tells what it is wherever it shows up (Gas Town looks for -wisp-).
        var generated = IssueIds.Generate(command.Ephemeral ? $"{state.Prefix}-{WispIdPart}" : state.Prefix, title, command.Description, command.Actor, now,
            state.TopLevelIssueCount, state.Issues.ContainsKey);
        return generated is null
            ? new Rejected(ErrorCodes.AlreadyExists, "could not find a free id at any length: retry the create")
            : (generated, null);
    }

    private const string WispIdPart = "wisp";

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
