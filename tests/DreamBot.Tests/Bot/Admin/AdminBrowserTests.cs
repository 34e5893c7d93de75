using DreamBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DreamBot.Tests.Bot.Admin;

/// <summary>The dashboard in a real browser: Debian's Chromium driven by Playwright (which never downloads one here).</summary>
public sealed class AdminBrowserTests : IAsyncLifetime
{
    private const string Token = "correct-horse-battery-staple-42";
    private const string Chromium = "/usr/bin/chromium";
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatsSeeder.SeedAsync(_database.ConnectionString, rows: 2000, days: 3, DateTimeOffset.UtcNow, CancellationToken.None);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Browser_IsRefusedWithoutSigningIn_ThenSeesChartsWithPointsAfterLogin()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (scripts/test does).");
        await using var app = await AdminHost.StartAsync(_database, Token);
        var baseAddress = AdminHost.BaseAddress(app);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(baseAddress, "admin").ToString());
        Assert.EndsWith("/admin/login?ReturnUrl=%2Fadmin", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("svg").CountAsync());

        await page.FillAsync("input[name=token]", Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("svg circle.point");

        var points = await page.Locator("svg circle.point").CountAsync();
        var drawnWidth = await page.EvalOnSelectorAsync<double>("svg polyline", "p => p.getBBox().width");
        Assert.True(points > 40, $"only {points} points were drawn");
        Assert.True(drawnWidth > 100, "the line should span the chart");
        var screenshot = Path.Combine(TestPaths.NewTempDirectory("dreambot-admin"), "admin-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Console.WriteLine($"Dashboard screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }
}
