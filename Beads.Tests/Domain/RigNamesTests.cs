using Beads.Actors.Domain;
using Beads.Actors.Registry;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Domain;

/// <summary>What a rig may be called and where it may live, as the registry and the rig itself check it.</summary>
public sealed class RigNamesTests
{
    [Theory]
    [InlineData("gastown")]
    [InlineData("my-app")]
    [InlineData("beads_ui.v2")]
    [InlineData("R2")]
    public void Plain_names_are_rig_names(string name) => Assert.True(RigNames.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("two\nlines")]
    [InlineData("with space")]
    [InlineData("-leading")]
    [InlineData(".hidden")]
    public void Names_that_would_become_paths_lines_or_nothing_are_refused(string name)
    {
        Assert.False(RigNames.IsValid(name));
        Assert.Equal(ErrorCodes.InvalidArgument, RigDirectoryState.Empty.Refusal(new RigEntry(name, "ok", "/home/a/project"))!.Code);
    }

    [Fact]
    public void A_name_longer_than_64_characters_is_refused() => Assert.False(RigNames.IsValid(new string('a', 65)));

    [Theory]
    [InlineData("relative/folder")]
    [InlineData("/home/a/../b")]
    [InlineData("/home/a/./b")]
    [InlineData("/home/a\nb")]
    public void A_home_that_is_not_a_plain_absolute_path_is_refused(string home)
    {
        Assert.NotNull(RigNames.HomeProblem(home));
        Assert.Equal(ErrorCodes.InvalidArgument, RigDirectoryState.Empty.Refusal(new RigEntry("fine", "ok", home))!.Code);
    }

    [Fact]
    public void A_folder_holds_one_rig()
    {
        var directory = RigDirectoryState.Empty.Apply(new RigEntryRecorded(new RigEntry("first", "fi", "/home/a/project"), DateTimeOffset.UtcNow));

        var refusal = directory.Refusal(new RigEntry("second", "se", "/home/a/project"));

        Assert.Equal(ErrorCodes.RigConflict, refusal!.Code);
        Assert.Contains("already holds rig 'first'", refusal.Message);
        Assert.Null(directory.Refusal(new RigEntry("first", "fi", "/home/a/project"))); // the same rig again is fine
    }
}
