using DreamBot.Worker.Rendering;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Jobs;

public sealed class InitImageDownloaderTests : IAsyncLifetime
{
    private static readonly byte[] Image = [.. Enumerable.Range(0, 200_000).Select(i => (byte)i)];

    private readonly List<string> _elsewhereRequests = [];
    private WebApplication _attachments = null!;
    private WebApplication _elsewhere = null!;
    private string _attachmentsUrl = "";
    private string _elsewhereUrl = "";

    public async Task InitializeAsync()
    {
        (_elsewhere, _elsewhereUrl) = await LoopbackServer.StartAsync(async context =>
        {
            lock (_elsewhereRequests)
                _elsewhereRequests.Add(context.Request.Path);
            await context.Response.Body.WriteAsync(Image);
        }, "Elsewhere");
        (_attachments, _attachmentsUrl) = await LoopbackServer.StartAsync(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/image.png":
                    await context.Response.Body.WriteAsync(Image);
                    break;
                case "/moved.png":
                    context.Response.Redirect("/image.png");
                    break;
                case "/away.png":
                    context.Response.Redirect(_elsewhereUrl + "/image.png");
                    break;
                case "/stall.png":
                    await context.Response.Body.WriteAsync(Image.AsMemory(0, 1000));
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                    await context.Response.Body.WriteAsync(Image.AsMemory(1000));
                    break;
            }
        }, "Attachments");
    }

    public async Task DisposeAsync()
    {
        await _attachments.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task Download_ReturnsTheBytes_FromAnAllowedOrigin_FollowingARedirectWithinIt()
    {
        Assert.Equal(Image, await Downloader().DownloadAsync(_attachmentsUrl + "/moved.png", CancellationToken.None));
    }

    [Theory]
    [InlineData("https://attacker.example/image.png")]
    [InlineData("http://cdn.discordapp.com/attachments/1/2/image.png")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public async Task Download_IsRefused_ForAUrlOutsideTheAllowedOrigins(string url)
    {
        var refused = await Assert.ThrowsAsync<InvalidImageException>(() => Downloader().DownloadAsync(url, CancellationToken.None));

        Assert.Equal("The image must be a Discord attachment.", refused.Message);
    }

    [Fact]
    public async Task Download_IsRefused_WhenTheAttachmentHostRedirectsToAnotherHost()
    {
        var refused = await Assert.ThrowsAsync<InvalidImageException>(() => Downloader().DownloadAsync(_attachmentsUrl + "/away.png", CancellationToken.None));

        Assert.Contains("redirects away from Discord", refused.Message, StringComparison.Ordinal);
        lock (_elsewhereRequests)
            Assert.Empty(_elsewhereRequests);
    }

    [Fact]
    public async Task Download_GivesUp_WhenTheBodyStalls()
    {
        var refused = await Assert.ThrowsAsync<InvalidImageException>(() =>
            Downloader(TimeSpan.FromSeconds(1)).DownloadAsync(_attachmentsUrl + "/stall.png", CancellationToken.None));

        Assert.Equal("The image download stalled; attach it again.", refused.Message);
    }

    [Theory]
    [InlineData("https://cdn.discordapp.com", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://cdn.discordapp.com", false)]
    [InlineData("https://cdn.discordapp.com/attachments", false)]
    [InlineData("cdn.discordapp.com", false)]
    public void AllowedOrigins_AcceptHttpsOrigins_AndPlainHttpOnlyOnLoopback(string origin, bool valid) =>
        Assert.Equal(valid, InitImageOptions.IsValidOrigin(origin));

    [Fact]
    public void AllowedOrigins_AreDiscordsAttachmentHosts_ByDefault() =>
        Assert.Equal([new Uri("https://cdn.discordapp.com"), new Uri("https://media.discordapp.net")], new InitImageOptions().Origins());

    private InitImageDownloader Downloader(TimeSpan? stallTimeout = null) =>
#pragma warning disable CA2000 // The client lives as long as the test.
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), ImageLimits.Default, Options.Create(new InitImageOptions
#pragma warning restore CA2000
        {
            AllowedOrigins = ["https://cdn.discordapp.com", _attachmentsUrl],
            StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(15),
        }));
}
