using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class KeyValueTests
{
    [Fact]
    public void A_key_is_kept_exactly_as_typed_under_kv_and_an_empty_value_clears_it()
    {
        var rig = Initialized();
        rig.Do(new SetKeyValue(Rig, Alice, "API_Endpoint", "  https://example.test  "));
        Assert.Equal("  https://example.test  ", rig.State.Config["kv.API_Endpoint"]);
        Assert.Empty(rig.Do(new SetKeyValue(Rig, Alice, "API_Endpoint", "  https://example.test  ")).Events);

        rig.Do(new SetKeyValue(Rig, Alice, "API_Endpoint", ""));
        Assert.False(rig.State.Config.ContainsKey("kv.API_Endpoint"));
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("   ", "only whitespace")]
    [InlineData("kv.nested", "nested prefix")]
    [InlineData("jira.url", "reserved prefix \"jira.\"")]
    [InlineData("two\nlines", "control characters")]
    public void Keys_beads_refuses_are_refused_and_nothing_is_stored(string key, string why)
    {
        var rig = Initialized();
        Assert.Contains(why, rig.Refuse(new SetKeyValue(Rig, Alice, key, "v"), ErrorCodes.InvalidArgument).Message);
        Assert.DoesNotContain(rig.State.Config.Keys, stored => stored.StartsWith("kv.", StringComparison.Ordinal));
    }
}
