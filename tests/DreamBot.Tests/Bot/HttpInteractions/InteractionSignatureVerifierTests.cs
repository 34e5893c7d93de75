using System.Globalization;
using System.Text;
using DreamBot.Bot.HttpInteractions;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.HttpInteractions;

public sealed class InteractionSignatureVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly InteractionSigner _signer = new();
    private readonly InteractionSignatureVerifier _verifier;
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"type":1}""");

    public InteractionSignatureVerifierTests() =>
        _verifier = new InteractionSignatureVerifier(_signer.PublicKeyHex, TimeSpan.FromMinutes(5), new FixedClock(Now));

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Verify_AcceptsACurrentSignature()
    {
        var timestamp = Timestamp(Now.AddSeconds(-3));
        Assert.Equal(SignatureCheck.Valid, _verifier.Verify(_signer.Sign(timestamp, _body), timestamp, _body));
    }

    [Fact]
    public void Verify_RejectsATamperedBody()
    {
        var timestamp = Timestamp(Now);
        var signature = _signer.Sign(timestamp, _body);
        Assert.Equal(SignatureCheck.Invalid, _verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes("""{"type":2}""")));
    }

    [Fact]
    public void Verify_RejectsASignatureForAnotherTimestamp()
    {
        var signature = _signer.Sign(Timestamp(Now), _body);
        Assert.Equal(SignatureCheck.Invalid, _verifier.Verify(signature, Timestamp(Now.AddSeconds(1)), _body));
    }

    [Fact]
    public void Verify_RejectsAnotherKeysSignature()
    {
        using var stranger = new InteractionSigner();
        var timestamp = Timestamp(Now);
        Assert.Equal(SignatureCheck.Invalid, _verifier.Verify(stranger.Sign(timestamp, _body), timestamp, _body));
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("", "1")]
    [InlineData("ab", null)]
    public void Verify_ReportsMissingHeaders(string? signature, string? timestamp) =>
        Assert.Equal(SignatureCheck.Missing, _verifier.Verify(signature, timestamp, _body));

    [Theory]
    [InlineData("zz")]
    [InlineData("0011")]
    public void Verify_RejectsMalformedSignatures(string signature) =>
        Assert.Equal(SignatureCheck.Invalid, _verifier.Verify(signature, Timestamp(Now), _body));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_RejectsAValidSignature_WhenTheTimestampIsStale(int offsetSeconds)
    {
        var timestamp = Timestamp(Now.AddSeconds(offsetSeconds));
        Assert.Equal(SignatureCheck.Stale, _verifier.Verify(_signer.Sign(timestamp, _body), timestamp, _body));
    }

    public void Dispose() => _signer.Dispose();
}
