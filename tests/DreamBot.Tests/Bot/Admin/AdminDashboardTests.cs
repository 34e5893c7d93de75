using System.Net;
using System.Net.Http.Headers;
using DreamBot.Bot.Admin;
using DreamBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Bot.Admin;

public sealed class AdminDashboardTests : IAsyncLifetime
{
    private const string Token = "correct-horse-battery-staple-42";
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatsSeeder.SeedAsync(_database.ConnectionString, rows: 2000, days: 3, DateTimeOffset.UtcNow, CancellationToken.None);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private Task<WebApplication> StartAsync(string? token) => AdminHost.StartAsync(_database, token);

    private static HttpClient Client(WebApplication app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = AdminHost.BaseAddress(app) };

    [Fact]
    public async Task Admin_Answers404_WhenNoTokenIsConfigured()
    {
        await using var app = await StartAsync(token: null);
        using var client = Client(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("admin/hangfire")).StatusCode);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("admin/hangfire")]
    public async Task Admin_RefusesAnonymousAndWrongTokens(string path)
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);

        var anonymous = await client.GetAsync(path);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-not-the-token") } };
        var refused = await client.SendAsync(wrong);

        Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        if (anonymous.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("/admin/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("Usage", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ShowsStatsAndChartsWithPoints_ForTheBearerToken()
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var page = await client.GetStringAsync("admin");
        var hangfire = await client.GetAsync("admin/hangfire");

        Assert.Contains("Images per hour", page, StringComparison.Ordinal);
        Assert.True(page.Split("<circle class=\"point\"").Length > 40, "the charts should have drawn a point per hour");
        Assert.Contains("CUDA out of memory", page, StringComparison.Ordinal);
        Assert.Contains("gpu-3", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, hangfire.StatusCode);
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_BehindTheSameSignIn()
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);

        var anonymous = await client.GetAsync("metrics");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var text = "";
        // The snapshot is refreshed in the background a moment after start-up.
        await Eventually.TrueAsync(async () => (text = await client.GetStringAsync("metrics")).Contains("dreambot_jobs", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("dreambot_queue_length", text, StringComparison.Ordinal);
        Assert.Contains("status=\"failed\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SetsASecureHttpOnlyCookie_OnlyForTheRightToken()
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);

        var wrong = await client.PostAsync("admin/login", new FormUrlEncodedContent([new("token", "guess")]));
        var right = await client.PostAsync("admin/login", new FormUrlEncodedContent([new("token", Token)]));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dreambot_admin=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "admin") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCookie)).StatusCode);
    }

    [Fact]
    public async Task SignIn_IsRefusedWith429AndRetryAfter_AfterTenFailuresFromOneAddress()
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);

        for (var i = 0; i < AdminSignInThrottle.MaxFailures / 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("admin/login", new FormUrlEncodedContent([new("token", "guess " + i)]))).StatusCode);
            using var bearer = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess-guess-guess-guess-" + i) } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(bearer)).StatusCode);
        }
        var blocked = await client.PostAsync("admin/login", new FormUrlEncodedContent([new("token", Token)]));

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.False(blocked.Headers.Contains("Set-Cookie"));
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)AdminSignInThrottle.Window.TotalSeconds);
    }

    [Fact]
    public async Task RotatingTheToken_SignsOutBrowsersSignedInWithTheOldOne()
    {
        string cookie;
        await using (var before = await StartAsync(Token))
        {
            using var client = Client(before);
            var signedIn = await client.PostAsync("admin/login", new FormUrlEncodedContent([new("token", Token)]));
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dreambot_admin=", StringComparison.Ordinal)).Split(';')[0];
        }

        var sameToken = await GetWithCookieAsync(Token, cookie);
        var rotated = await GetWithCookieAsync("another-long-admin-token-after-rotation", cookie);

        Assert.Equal(HttpStatusCode.OK, sameToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);
        Assert.StartsWith("/admin/login", rotated.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_OverPlainHttpOnALanAddress_SaysHttpsIsNeeded_InsteadOfSettingACookieTheBrowserDrops()
    {
        await using var app = await StartAsync(Token);
        using var client = Client(app);
        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/login") { Headers = { Host = "192.168.1.20:8080" } };
        using var post = new HttpRequestMessage(HttpMethod.Post, "admin/login")
        {
            Headers = { Host = "192.168.1.20:8080" },
            Content = new FormUrlEncodedContent([new("token", Token)]),
        };

        var shown = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        var refused = await client.SendAsync(post);

        Assert.Contains("Signing in needs HTTPS", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Signing in needs HTTPS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }

    private async Task<HttpResponseMessage> GetWithCookieAsync(string token, string cookie)
    {
        await using var app = await StartAsync(token);
        using var client = Client(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin") { Headers = { { "Cookie", cookie } } };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Startup_Fails_WhenTheTokenIsTooShort()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("short"));
        Assert.Contains("Token", error.Message, StringComparison.Ordinal);
    }
}
