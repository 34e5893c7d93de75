using DreamBot.Bot.Gateway;
namespace DreamBot.Tests.Bot.Gateway;

public sealed class GatewayCloseCodesTests
{
    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public void Classify_IsFatal_ForCodesReconnectingCannotFix(int code) =>
        Assert.Equal(GatewayCloseAction.Fatal, GatewayCloseCodes.Classify(code));

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public void Classify_Reidentifies_WhenTheSessionCannotBeResumed(int code) =>
        Assert.Equal(GatewayCloseAction.Reidentify, GatewayCloseCodes.Classify(code));

    [Theory]
    [InlineData(null)]
    [InlineData(1000)]
    [InlineData(1006)]
    [InlineData(4000)]
    [InlineData(4008)]
    public void Classify_Resumes_ForEverythingElse(int? code) =>
        Assert.Equal(GatewayCloseAction.Resume, GatewayCloseCodes.Classify(code));
}
