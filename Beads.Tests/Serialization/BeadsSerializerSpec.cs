using System.Collections.Immutable;
using System.Text.Json;
using Akka.Serialization;
using Beads.Actors.Domain;
using Beads.Actors.Feed;
using Beads.Actors.Registry;
using Beads.Actors.Rigs;
using Beads.Actors.Serialization;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Serialization;

public sealed class BeadsSerializerSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 30, 0, TimeSpan.Zero);

    private static readonly Issue SampleIssue = new()
    {
        Id = "bd-a1b",
        Title = "Fix the flux capacitor",
        Description = "multi\nline ✓",
        Status = "in_progress",
        Priority = 0,
        IssueType = "bug",
        Assignee = "agent-7",
        CreatedAt = At,
        CreatedBy = "agent-1",
        UpdatedAt = At.AddMinutes(5),
        StartedAt = At.AddMinutes(5),
        EstimatedMinutes = 30,
        DueAt = At.AddDays(1),
        Metadata = JsonDocument.Parse("""{"files":["a.cs"],"n":1}""").RootElement.Clone(),
        Labels = ["backend", "urgent"],
        Dependencies = [SampleDependency],
        Comments = [new Comment { Id = CommentId.FromNumber(7), IssueId = "bd-a1b", Author = "x", Text = "hi", CreatedAt = At }],
        Extra = new Dictionary<string, JsonElement> { ["ephemeral"] = JsonDocument.Parse("true").RootElement.Clone() },
    };

    private static Dependency SampleDependency => new()
    {
        IssueId = "bd-a1b", DependsOnId = "bd-c2d", Type = "blocks", CreatedAt = At, CreatedBy = "agent-1",
        Metadata = """{"gate":"any-children"}""",
    };

    private static readonly IssueFilter SampleFilter = IssueFilter.Any with
    {
        Statuses = ["open"], Labels = ["a"], PriorityMax = 2, Parent = "bd-e1", TitleContains = "flux", Ephemeral = EphemeralIssues.Only,
    };

    /// <summary>One instance of every type the serializer must handle. A new message or event needs a line here.</summary>
    /// <summary>One instance of every type the serializer carries (messages, events, snapshots, replies).</summary>
    internal static readonly ImmutableDictionary<Type, object> Samples = new object[]
    {
        new RigInitialized("r", "bd", "/home/r", At, "a"),
        new RigConfigChanged(RigConfigKeys.CustomStatuses, "review,qa", At, "a"),
        new IssueCreated(SampleIssue, At, "a"),
        new IssueUpdated("bd-a1b", [new FieldChange("title", "old", "new"), new FieldChange("due_at", null, "2026-12-01T00:00:00.0000000+00:00")], At, "a"),
        new IssueStatusChanged("bd-a1b", "open", "blocked", At, "a"),
        new IssueClaimed("bd-a1b", At, "a") { LeaseUntil = At.AddMinutes(5) },
        new ClaimRenewed("bd-a1b", At.AddMinutes(6), At.AddMinutes(1), "a"),
        new IssueClosed("bd-a1b", "done", At, "a"),
        new IssueReopened("bd-a1b", null, At, "a"),
        new DependencyAdded(SampleDependency, At, "a"),
        new DependencyRemoved("bd-a1b", "bd-c2d", "blocks", At, "a"),
        new LabelAdded("bd-a1b", "x", At, "a"),
        new LabelRemoved("bd-a1b", "x", At, "a"),
        new CommentAdded("bd-a1b", new Comment { Id = new CommentId("019a-uuid", false), Author = "a", Text = "t", CreatedAt = At }, At, "a"),
        new IssueImported(SampleIssue, At, "a"),
        new IssueDeleted("bd-a1b", "title", "duplicate", At, "a"),
        new RigSnapshot("r", "bd", "/home/r", ImmutableDictionary<string, string>.Empty.Add("types.custom", "agent"), [SampleIssue], 7)
        {
            AnsweredRequests = [new RequestAnswered("7e1a", "bd-a1b", null, At, "a")],
            KeyedRequests = [new RequestAnswered("7e1b", "bd-a1c", null, At, "a") { IdempotencyKey = "deploy-1", Fingerprint = "0f3a" }],
            CrossRig = CrossRigWaits.None with
            {
                Blockers = ImmutableDictionary<string, RemoteBlocker>.Empty.Add("external:ob:ob-1", new RemoteBlocker("other", "ob-1", null, 0)),
                Watched = ImmutableDictionary<string, WatchedIssue>.Empty.Add("bd-a1b", new WatchedIssue(false, 1,
                    ImmutableDictionary<string, Watcher>.Empty.Add("waiting", new Watcher("external:bd:bd-a1b", 0)))),
            },
            Deleted = ImmutableDictionary<string, DateTimeOffset>.Empty.Add("bd-gone", At),
            Leases = ImmutableDictionary<string, ClaimLease>.Empty.Add("bd-a1b", new ClaimLease("a", At.AddMinutes(5))),
        },
        new InitRig("r", "a", "bd", "/home/r"),
        new SetRigConfig("r", "a", "types.custom", "agent,role"),
        new CreateIssue("r", "a", "title")
        {
            Description = "d", Priority = 1, Labels = ["l"], Dependencies = [new DependencySpec("blocks", "bd-x", Reversed: true)],
            Parent = "bd-p", DeferUntil = At, Metadata = "{}",
        },
        new UpdateIssue("r", "a", "bd-a1b")
        {
            Fields = ImmutableDictionary<string, string>.Empty.Add("status", "in_progress"), AppendNotes = "n",
            AddLabels = ["x"], SetLabels = ["y"], Expected = new IssueExpectation("", "open"),
        },
        new ClaimIssue("r", "a", "bd-a1b"),
        new CloseIssue("r", "a", "bd-a1b", "done", Force: true) { Expected = new IssueExpectation("a", null) },
        new ReopenIssue("r", "a", "bd-a1b", "again"),
        new UndeferIssue("r", "a", "bd-a1b"),
        new RenameIssue("r", "a", "bd-a1b", "bd-auth"),
        new ReclaimIssues("r", "a", TimeSpan.FromMinutes(30)) { DryRun = true },
        new SetKeyValue("r", "a", "feature_flag", "true"),
        new RunBatch("r", "a", [new BatchStep(3, new CloseIssue("r", "a", "bd-a1b", "done")), new BatchStep(4, new AddDependency("r", "a", "bd-a", "bd-b"))]),
        new BatchResult([new BatchStepResult(3, "close", "bd-a1b"), new BatchStepResult(5, "kv.set", null)]),
        new ReleaseDueDeferrals("r", RigSelf.Actor),
        new ReleaseExpiredLeases("r", RigSelf.Actor),
        new RenewClaim("r", "a", "bd-a1b"),
        new ClaimReadyWork("r", "a", new GetReadyWork("r", SampleFilter) { Sort = "oldest" }) { Wait = TimeSpan.FromSeconds(60) },
        new CancelClaimWait("r", "9f2c"),
        new ClaimLeaseResult(SampleIssue, At.AddMinutes(5)),
        new FollowFeed("r", 41, Follow: true),
        new FeedDelivery("r", 41, 43, [new FeedEntry("r", 42, "updated", "bd-a1b", "a", At)
            { OldValue = "{\"title\":\"old\"}", NewValue = "{\"title\":\"new\"}", Issue = SampleIssue }]) { CaughtUp = true },
        new FeedHistoryNeeded("r", 1000),
        new FeedRefused("r", new Rejected(ErrorCodes.FeedGap, "no change after 99")),
        new AddDependency("r", "a", "bd-a1b", "external:ob:ob-1") { OtherRig = "other" },
        new RemoveDependency("r", "a", "bd-a1b", "bd-c2d"),
        new AddComment("r", "a", "bd-a1b", "text"),
        new DeleteIssues("r", "a", ["bd-a1b", "bd-c2d"], Cascade: true, Force: true) { Reason = "duplicate" },
        new DeleteResult([new DeletedIssue("bd-a1b", "title")], [SampleDependency], ["bd-c2d"], 2, 1, Preview: false),
        new ImportIssues("r", "a", [SampleIssue, SampleIssue with { Id = "bd-e5f", Status = "tombstone" }]),
        new GetRigInfo("r"),
        new ShowIssues("r", ["bd-a1b", "a1"]),
        new ResolveId("r", "a1"),
        new ListIssues("r", SampleFilter) { Sort = "oldest", Reverse = true, Limit = 5 },
        new GetReadyWork("r", SampleFilter) { Sort = "hybrid", Limit = 3, IncludeOrchestration = true },
        new GetBlockedIssues("r", SampleFilter),
        new IssueResult(SampleIssue),
        new IssueSummaries([new IssueSummary(SampleIssue, 1, 2, 1, "bd-e1")]),
        new IssueDetailsResult([new IssueDetails(SampleIssue, [new RelatedIssue(SampleIssue, "blocks")], [], "bd-e1")]),
        new StatsResult("r", new RigStatistics(10, 4, 2, 3, 1, 1, 2, 1, 0, 12.5))
        {
            Sync = new RigSyncStats("git-portable", "/home/r/.beads/issues.jsonl")
            {
                Flushes = 3, LastFlushMilliseconds = 4.5, LastFlushAt = At, DirtyIssues = 2, AutoImports = 1, Exports = 1,
                LastExportMilliseconds = 20, LastExportAt = At, LastExportOutcome = "ok", LastError = "e", LastErrorAt = At,
            },
        },
        new DependencyTreeResult([new TreeNode(SampleIssue, null, 0, null), new TreeNode(SampleIssue, "blocks", 1, "bd-a1b")]),
        new CyclesResult([["bd-a", "bd-b"]]),
        new LabelCountsResult([new LabelCount("backend", 3)]),
        new GetStats("r"),
        new GetDependencyTree("r", "bd-a1b") { Reverse = true, MaxDepth = 3 },
        new FindCycles("r"),
        new GetEpicStatus("r"),
        new LintIssues("r", ["bd-a1b"]) { Status = "all", Type = "bug" },
        new CountIssues("r", IssueFilter.Any with { NotesContains = "n", EmptyDescription = true, NoLabels = true }) { GroupBy = "label" },
        new GetStaleIssues("r", 14) { Status = "blocked", Limit = 5 },
        new DiagnoseRig("r"),
        new RigDiagnosis([["bd-a", "bd-b"]], [new OrphanedLink("bd-a", "bd-gone", "blocks")],
            [new PollutionSuspect("bd-c", "test-x", 0.9, ["Title starts with test prefix"], At)]),
        new IssueCounts(3, [new GroupCount("P1", 2), new GroupCount("P2", 1)]),
        new LintReport(4, [new LintFinding("bd-a1b", "t", "bug", ["## Steps to Reproduce"])]),
        new QueryIssues("r", "status=open AND label=x") { All = true, Limit = 5, Sort = "updated", Reverse = true },
        new EpicStatusResult([new EpicStatus(SampleIssue with { IssueType = "epic" }, 3, 1, EligibleForClose: false)]),
        new GetLabels("r"),
        new RegisterRig(new RigEntry("r", "bd", "/home/r")),
        ListRigs.Instance,
        new RigRegistered(new RigEntry("r", "bd", "/home/r")),
        new RigListing([new RigEntry("r", "bd", "/home/r")]),
        new RegistryRefusal(new Rejected(ErrorCodes.RigConflict, "taken")),
        new RigEntryRecorded(new RigEntry("r", "bd", "/home/r") { HomeNode = "node-a", HomeRequired = false }, At),
        new RequireHome("r", Required: false),
        new LocalRigStarted("r"),
        new LocalRigPassivated("r"),
        new LocalRigsSnapshot(["r", "s"]),
        new RigFeedOpened("r"),
        new RemoteWaitStarted("external:ob:ob-1", "other", "ob-1", At, "a"),
        new RemoteIssueHeard("external:ob:ob-1", Resolved: true, 2, At, "other"),
        new IssueWatched("bd-a1b", "waiting", "external:bd:bd-a1b", At, "waiting"),
        new WatcherAcknowledged("bd-a1b", "waiting", 2, At, "waiting"),
        new WatchIssue("other", "waiting", "ob-1", "external:ob:ob-1"),
        new IssueNotice("waiting", "other", "ob-1", "external:ob:ob-1", Resolved: true, 2),
        new NoticeReceived("other", "waiting", "ob-1", 2),
        new RigSyncRecorded("dolt-only", NoJsonlExport: false, At, "beads"),
        new RequestAnswered("9f2c", null, new CommentResult(new Comment { Id = CommentId.FromNumber(3), Author = "a", Text = "t", CreatedAt = At }), At, "a"),
        new DeliverOnce("9f2c", new CloseIssue("r", "a", "bd-a1b", "done")) { NoAutoFlush = true },
        new BlockedListResult([new BlockedIssue(SampleIssue, ["bd-c2d"])]),
        new ResolvedId("bd-a1b"),
        new CommentResult(SampleIssue.Comments[0]),
        new RigInfo("r", "bd", "/home/r", 3) { Config = ImmutableDictionary<string, string>.Empty.Add("types.custom", "agent") },
        new ImportResult(3, 1, 2, ["bd-a1b"]) { BadLines = [new BadJsonlLine(7, "not valid JSON")], OtherRecords = 1, DryRun = true },
        new ImportJsonl("r", "a", "{\"id\":\"bd-1\"}\n", 4001) { DryRun = true, SkipBadLines = true },
        new SyncRig("r", FlushOnly: true),
        new SyncResult("git-portable", "wrote 3 issues", "committed abc1234", "sync.mode is git-portable: no Dolt commit", 12.5) { Error = "x" },
        new GetRigConfig("r"),
        new RigConfigResult([new RigSetting("flush-debounce", "30s", "environment BD_FLUSH_DEBOUNCE", "quiet time")], ["a problem"]),
        new ExportIssues("r", "bd-a1b", 4096),
        new JsonlPage("{\"id\":\"bd-a1b\"}\n", 1, "bd-a1b", 3),
        new Rejected(ErrorCodes.AlreadyClaimed, "taken"),
    }.ToImmutableDictionary(sample => sample.GetType());

    [Fact]
    public void Every_message_event_and_snapshot_type_is_registered_and_has_a_sample()
    {
        var mustSerialize = new[] { typeof(IRigMessage).Assembly, typeof(IRigEvent).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false }
                           && (typeof(IRigMessage).IsAssignableFrom(type) || typeof(IRigReply).IsAssignableFrom(type)
                               || typeof(IRigEvent).IsAssignableFrom(type) || typeof(IRegistryMessage).IsAssignableFrom(type)
                               || typeof(IFeedMessage).IsAssignableFrom(type) || typeof(ILocalRigsRecord).IsAssignableFrom(type)
                               || type == typeof(RigSnapshot))
                           && type != typeof(SerializedReply)) // written under the manifest of the answer it holds
            .ToHashSet();

        Assert.Empty(mustSerialize.Where(type => Manifests.Of(type) is null).Select(type => type.FullName));
        Assert.Equal(mustSerialize.OrderBy(t => t.FullName), Manifests.RegisteredTypes.OrderBy(t => t.FullName));
        Assert.Empty(mustSerialize.Where(type => !Samples.ContainsKey(type)).Select(type => type.FullName));
    }

    [Fact]
    public void Every_registered_type_is_bound_to_the_beads_serializer_and_round_trips()
    {
        foreach (var (type, sample) in Samples)
        {
            var serializer = Sys.Serialization.FindSerializerFor(sample);
            // What the store keeps for good goes through the compressing twin; everything else is plain JSON.
            if (sample is IRigEvent or RigSnapshot) Assert.IsType<CompressedStoreSerializer>(serializer);
            else Assert.IsType<BeadsSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);

            var copy = Sys.Serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);

            Assert.IsType(type, copy);
            Assert.Equal(Json(sample), Json(copy));
        }
    }

    [Fact]
    public void Manifests_are_short_and_unique()
    {
        var names = Manifests.RegisteredTypes.Select(type => Manifests.Of(type)!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, name => Assert.True(name.Length <= 16, $"manifest '{name}' is too long"));
    }

    [Fact]
    public void A_type_bound_to_the_serializer_without_a_manifest_is_refused_with_a_clear_error()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new Unregistered());

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.ToBinary(new Unregistered()));
        Assert.Contains(nameof(Unregistered), error.Message);
        Assert.Contains(nameof(Manifests), error.Message);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "no-such-manifest"));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), BeadsSerializer.Json);

    private sealed record Unregistered : IRigReply;
}
