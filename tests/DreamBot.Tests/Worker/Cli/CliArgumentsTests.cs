using DreamBot.Worker.Cli;

namespace DreamBot.Tests.Worker.Cli;

public sealed class CliArgumentsTests
{
    [Theory]
    [InlineData("generate", "--help")]
    [InlineData("generate", "--model", "/no/such/model", "-h")]
    [InlineData("generate-tiny-model", "--help")]
    [InlineData("check-device", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("models", "--help")]
    [InlineData("models", "pull", "--help")]
    public async Task EveryVerb_PrintsItsUsageAndExitsZero_ForHelp(params string[] args)
    {
        using var output = new StringWriter();

        var exit = await WorkerCli.RunAsync(args, output);

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: DreamBot.Worker " + args[0] + " ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AcceptsKeyEqualsValue_AsWellAsKeySpaceValue()
    {
        var parsed = CliArguments.Parse(["--steps=20", "--prompt", "a=b", "--negative=x=y", "--fp16"], ["steps", "prompt", "negative"], ["fp16"]);

        Assert.Equal((20, "a=b", "x=y", true), (parsed.Int("steps", 0), parsed.String("prompt"), parsed.String("negative"), parsed.Flag("fp16")));
    }

    [Theory]
    [InlineData("--fp16=yes", "switch '--fp16' takes no value")]
    [InlineData("--colour=red", "unknown option '--colour'")]
    public void Parse_RefusesAValueForASwitch_AndUnknownKeys(string arg, string message)
    {
        var refused = Assert.Throws<CliUsageException>(() => CliArguments.Parse([arg, "--steps=1"], ["steps"], ["fp16"]));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Parse_RefusesAnOptionGivenTwice_InEitherForm()
    {
        var refused = Assert.Throws<CliUsageException>(() => CliArguments.Parse(["--steps=1", "--steps", "2"], ["steps"], []));

        Assert.Equal("option '--steps' given twice", refused.Message);
    }
}
