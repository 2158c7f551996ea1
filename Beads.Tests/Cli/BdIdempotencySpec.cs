using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>--idempotency-key through the real bd: a command line run again changes nothing and prints what the first run did.</summary>
public sealed class BdIdempotencySpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task A_create_and_a_close_run_again_under_their_keys_change_nothing_and_answer_as_the_first_run()
    {
        RequireBinaries();
        var project = await NewRig("idem", "idm");
        var first = await Json(project, "create", "deploy the site", "--idempotency-key", "deploy-2026-12-02");
        var again = await Json(project, "create", "deploy the site", "--idempotency-key", "deploy-2026-12-02");
        Assert.Equal((string)first["id"]!, (string)again["id"]!);
        Assert.Single((await Json(project, "list")).AsArray());

        var id = (string)first["id"]!;
        await Ok(project, "close", id, "--reason", "done", "--idempotency-key", "close-deploy");
        // A second close is refused (already closed); the same close run again is the first one's answer.
        var closedAgain = await Json(project, "close", id, "--reason", "done", "--idempotency-key", "close-deploy");
        Assert.Equal("closed", (string)closedAgain.AsArray().Single()!["status"]!);

        var reused = await Bd(project, "create", "something else", "--idempotency-key", "deploy-2026-12-02", "--json");
        Assert.Equal(1, reused.ExitCode);
        Assert.Contains(ErrorCodes.IdempotencyConflict, reused.Stderr);
        Assert.Single((await Json(project, "list", "--all")).AsArray());
    }

    [SkippableFact]
    public async Task A_key_that_cannot_be_one_is_refused_before_anything_is_sent()
    {
        RequireBinaries();
        var project = await NewRig("idembad", "idb");
        await Expect(project, ["create", "x", "--idempotency-key", new string('k', 201)], 2, "cannot be an idempotency key");
        await Expect(project, ["create", "x", "--idempotency-key", "tab\there"], 2, "cannot be an idempotency key");
        Assert.Empty((await Json(project, "list")).AsArray());
    }
}
