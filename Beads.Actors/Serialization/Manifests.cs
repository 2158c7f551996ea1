using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Beads.Actors.Domain;
using Beads.Actors.Feed;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Protocol;

namespace Beads.Actors.Serialization;

/// <summary>
/// The stable name of every type <see cref="BeadsSerializer"/> writes. Journal rows carry the names of events and
/// snapshots for ever: never rename or reuse one; a changed meaning needs a new name.
/// </summary>
public static class Manifests
{
    private static readonly ImmutableDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        // events (journal)
        [typeof(RigInitialized)] = "e.rig-init",
        [typeof(RigConfigChanged)] = "e.rig-config",
        [typeof(RigSyncRecorded)] = "e.rig-sync",
        [typeof(IssueCreated)] = "e.created",
        [typeof(IssueUpdated)] = "e.updated",
        [typeof(IssueStatusChanged)] = "e.status",
        [typeof(IssueClaimed)] = "e.claimed",
        [typeof(ClaimRenewed)] = "e.renewed",
        [typeof(IssueClosed)] = "e.closed",
        [typeof(IssueReopened)] = "e.reopened",
        [typeof(DependencyAdded)] = "e.dep-add",
        [typeof(DependencyRemoved)] = "e.dep-rm",
        [typeof(LabelAdded)] = "e.label-add",
        [typeof(LabelRemoved)] = "e.label-rm",
        [typeof(CommentAdded)] = "e.comment",
        [typeof(IssueImported)] = "e.imported",
        [typeof(IssueDeleted)] = "e.deleted",
        [typeof(RequestAnswered)] = "e.request",
        [typeof(RemoteWaitStarted)] = "e.remote-wait",
        [typeof(RemoteIssueHeard)] = "e.remote-heard",
        [typeof(IssueWatched)] = "e.watched",
        [typeof(WatcherAcknowledged)] = "e.watcher-ack",
        // snapshots
        [typeof(RigSnapshot)] = "s.rig",
        // the rig registry
        [typeof(RegisterRig)] = "g.register",
        [typeof(ListRigs)] = "g.list",
        [typeof(RigRegistered)] = "g.registered",
        [typeof(RigListing)] = "g.listing",
        [typeof(RegistryRefusal)] = "g.refusal",
        [typeof(RigEntryRecorded)] = "g.recorded",
        [typeof(RequireHome)] = "g.require-home",
        // the running rigs of a standalone host
        [typeof(LocalRigStarted)] = "l.started",
        [typeof(LocalRigPassivated)] = "l.passivated",
        [typeof(LocalRigsSnapshot)] = "s.local-rigs",
        // letters between rigs (readiness across rigs)
        [typeof(WatchIssue)] = "x.watch",
        [typeof(IssueNotice)] = "x.notice",
        [typeof(NoticeReceived)] = "x.received",
        // the change feed
        [typeof(RigFeedOpened)] = "f.opened",
    }
    .Concat(WireNames<IRigMessage>("m.")).Concat(WireNames<IRigReply>("r."))
    .ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, Type> ByName = ByType.ToImmutableDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<Type> RegisteredTypes => ByType.Keys;

    /// <summary>Protocol messages and replies go by their wire names (their JSON <c>$type</c>), so one list names them.</summary>
    private static IEnumerable<KeyValuePair<Type, string>> WireNames<TBase>(string prefix) =>
        typeof(TBase).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
            .Cast<JsonDerivedTypeAttribute>()
            .Select(derived => KeyValuePair.Create(derived.DerivedType, prefix + derived.TypeDiscriminator));

    public static string? Of(Type type) => ByType.GetValueOrDefault(type);

    public static Type? TypeOf(string manifest) => ByName.GetValueOrDefault(manifest);
}
