using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// decide(state, command) → events or a refusal. Pure: the same state, command and time always give the same answer,
/// so every rule is tested without actors or a database. Each command family lives in its own part of this class.
/// </summary>
public static partial class RigDecider
{
    public static Result<Decision> Decide(RigState state, IRigCommand command, DateTimeOffset now)
    {
        if (!state.IsInitialized && command is not InitRig)
            return NotInitialized(command.Rig);
        return command switch
        {
            InitRig c => Init(state, c, now),
            SetRigConfig c => Configure(state, c, now),
            SetKeyValue c => KeyValues.Set(state, c, now),
            RunBatch c => Batch(state, c, now),
            CreateIssue c => Create(state, c, now),
            UpdateIssue c => Update(state, c, now),
            ClaimIssue c => Claim(state, c, now),
            CloseIssue c => Close(state, c, now),
            ReopenIssue c => Reopen(state, c, now),
            UndeferIssue c => Undefer(state, c, now),
            RenameIssue c => Rename(state, c, now),
            ReclaimIssues c => Reclaim(state, c, now),
            ReleaseDueDeferrals c => ReleaseDue(state, c, now),
            ReleaseExpiredLeases c => ReleaseExpired(state, c, now),
            RenewClaim c => Renew(state, c, now),
            ClaimReadyWork c => ClaimReady(state, c, now),
            AddDependency c => Link(state, c, now),
            RemoveDependency c => Unlink(state, c, now),
            AddComment c => Comment(state, c, now),
            DeleteIssues c => Delete(state, c, now),
            ImportIssues c => Import(state, c, now),
            ImportJsonl c => ImportLines(state, c, now),
            _ => IssueValidation.Invalid($"this rig does not understand {command.GetType().Name}"),
        };
    }

    public static Rejected NotInitialized(string rig) =>
        new(ErrorCodes.RigNotInitialized,
            $"rig '{rig}' is not initialised: run `bd init --prefix <prefix>` in its directory, or check the rig name");

    public static RigInfo Info(RigState state) =>
        new(state.Name ?? "", state.Prefix, state.HomeDirectory, state.Issues.Count) { Config = state.Config };

    private static Result<Decision> Init(RigState state, InitRig command, DateTimeOffset now)
    {
        var prefix = IssueIds.NormalizePrefix(command.Prefix);
        if (!IssueIds.IsValidPrefix(prefix))
            return IssueValidation.Invalid(
                $"prefix '{command.Prefix}' is not usable: use lowercase letters and digits, optionally joined by '-', such as 'bd' or 'my-app'");
        if (!RigNames.IsValid(command.Rig))
            return IssueValidation.Invalid(RigNames.Invalid(command.Rig));
        if (RigNames.HomeProblem(command.HomeDirectory) is { } homeProblem)
            return IssueValidation.Invalid(homeProblem);
        if (state.IsInitialized)
        {
            return state.Prefix == prefix && state.HomeDirectory == command.HomeDirectory
                ? Decision.Unchanged(Info(state))
                : new Rejected(ErrorCodes.RigConflict,
                    $"rig '{state.Name}' already exists with prefix '{state.Prefix}' at {state.HomeDirectory}: " +
                    "pick another rig name, or use the existing rig");
        }
        return new Decision([new RigInitialized(command.Rig, prefix, command.HomeDirectory, now, command.Actor) { HomeNode = command.HomeNode }],
            after => Info(after));
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex CustomNamePattern();

    /// <summary>
    /// bd config set (and unset, an empty value): the custom statuses and types, checked name by name (a built-in
    /// name among them changes nothing, as in beads, where Gas Town lists event, message and gate); issue_prefix, which
    /// only bd init sets, so setting it to the prefix it has is all that may be done; any other key as given.
    /// </summary>
    private static Result<Decision> Configure(RigState state, SetRigConfig command, DateTimeOffset now)
    {
        var (key, value) = (command.Key.Trim().ToLowerInvariant(), command.Value.Trim());
        if (key is RigConfigKeys.IssuePrefix or "issue-prefix")
            return value == state.Prefix
                ? new Decision([], after => Info(after))
                : IssueValidation.Invalid($"issue_prefix is '{state.Prefix}' and cannot be changed with bd config set: ids carry it " +
                                          "(a rig with another prefix is another rig: `bd init --prefix` in its own folder)");
        if (!RigConfigKeys.IsFreeFormKey(key))
            return IssueValidation.Invalid(
                $"'{command.Key}' is not a setting name: use lowercase words joined by '.', such as jira.url or export.auto");
        if (key == RigConfigKeys.ClaimLease && ClaimLeases.Parse(value) is { IsOk: false } badLease)
            return badLease.Error!;
        if (RigConfigKeys.Known.Contains(key))
        {
            foreach (var name in RigConfigKeys.ParseList(value))
            {
                if (!CustomNamePattern().IsMatch(name))
                    return IssueValidation.Invalid(
                        $"'{name}' is not a valid name for {key}: use lowercase letters, digits, '-' and '_', starting with a letter");
            }
        }
        if (state.Config.GetValueOrDefault(key, "") == value) return new Decision([], after => Info(after));
        return new Decision([new RigConfigChanged(key, value, now, command.Actor)], after => Info(after));
    }

    /// <summary>Resolves a typed id and returns the issue, or the refusal to send back.</summary>
    private static Result<Issue> Existing(RigState state, string typedId)
    {
        var id = IdResolution.Resolve(state, typedId);
        return id.IsOk ? state.Issues[id.Value] : id.Error!;
    }

    private static IRigReply Show(RigState state, string id) => new IssueResult(state.Issues[id]);

    private static Decision Decided(IEnumerable<IRigEvent> events, string issueId) =>
        new(events.ToImmutableList(), after => Show(after, issueId));
}
