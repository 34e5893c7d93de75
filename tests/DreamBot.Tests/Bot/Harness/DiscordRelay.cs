using System.Globalization;
using System.Text;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Bot.Harness;

/// <summary>
/// In HTTP mode Discord takes the acknowledgement from the response body. The tests play that part by handing the
/// body to the fake's callback route, which validates it and creates @original as Discord would.
/// </summary>
public static class DiscordRelay
{
    public static async Task ForwardAckAsync(FakeDiscord discord, FakeInteraction interaction, string ackJson)
    {
        ArgumentNullException.ThrowIfNull(discord);
        ArgumentNullException.ThrowIfNull(interaction);
        using var http = new HttpClient();
        var url = string.Create(CultureInfo.InvariantCulture,
            $"{discord.ApiBaseUrl}/interactions/{interaction.Id}/{Uri.EscapeDataString(interaction.Token)}/callback");
        using var content = new StringContent(ackJson, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(url), content);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The fake refused the acknowledgement: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Never happened: " + what);
            await Task.Delay(10);
        }
    }
}
