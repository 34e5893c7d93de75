namespace DreamBot.Shared.Dataset;

/// <summary>What a guild agrees to when it opts in to the dataset; shown to the moderator who turns it on.</summary>
public static class DatasetTerms
{
    public static string For(string licence) =>
        $"""
        **Dataset terms** (licence {licence}): this server's results are shared for training and research — the images, prompts and negative prompts, the settings (model, seed, steps, guidance, sampler, size) and the 1–10 ratings, with pseudonymous keys for users and the server so ratings can be grouped.
        Never shared: Discord ids, user names, server names or messages. Only results made while the dataset is on are shared, never what was made before. Deleted results, banned users, anyone who ran `/preferences set dataset:False` (and what they made while opted out), and others' upscales and variations of their images are left out. Turn it off at any time with `/mod settings dataset:False`.
        """;
}
