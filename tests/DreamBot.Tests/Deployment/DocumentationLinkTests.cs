using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Deployment;

/// <summary>The README and the pages in docs/ send readers to each other and into the code: every such pointer must lead somewhere.</summary>
public sealed class DocumentationLinkTests
{
    private static readonly string Root = TestPaths.RepositoryRoot;

    /// <summary>Inline code that names one of these is a path in this repository, not a path of another project.</summary>
    private static readonly string[] RepositoryFolders = ["src/", "tests/", "migrations/", "scripts/gpu/", "scripts/lib/", "deploy/"];

    public static TheoryData<string> Documents() => [.. DocumentPaths()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_LeadsToAFile_AndEveryAnchorToAHeadingThere(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = new List<string>();
        foreach (var target in Read(path).LinkTargets().Where(t => !IsAbsolute(t)))
        {
            var (file, anchor) = Split(target);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
                broken.Add($"{target}: no file {Path.GetRelativePath(Root, resolved)}");
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Read(resolved).Anchors.Contains(Uri.UnescapeDataString(anchor)))
                broken.Add($"{target}: no heading #{anchor} in {Path.GetRelativePath(Root, resolved)}");
        }

        Assert.True(broken.Count == 0, $"{document} has broken links:\n" + string.Join('\n', broken));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRepositoryPathInInlineCode_Exists(string document)
    {
        var missing = Read(Path.Combine(Root, document)).InlineCode()
            .Where(code => RepositoryFolders.Any(folder => code.StartsWith(folder, StringComparison.Ordinal)) && !code.Any(char.IsWhiteSpace))
            .Where(code => !File.Exists(Path.Combine(Root, code)) && !Directory.Exists(Path.Combine(Root, code)))
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{document} names paths that do not exist:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Readme_LinksToEveryPageInDocs()
    {
        var linked = Read(Path.Combine(Root, "README.md")).LinkTargets().Select(t => Split(t).File).ToHashSet(StringComparer.Ordinal);

        Assert.All(DocumentPaths().Where(d => d != "README.md"), page => Assert.Contains(page, linked));
    }

    [Theory]
    [InlineData("How a /dream travels", "how-a-dream-travels")]
    [InlineData("The Worker's command line", "the-workers-command-line")]
    [InlineData("src/Bot", "srcbot")]
    [InlineData("Scheduler config and differences from diffusers", "scheduler-config-and-differences-from-diffusers")]
    [InlineData("`Queue:MaxBatch` and [batches](#batches)", "queuemaxbatch-and-batches")]
    [InlineData("Upscale ×2 / U1…U4", "upscale-2--u1u4")]
    public void Slug_IsTheAnchorGitHubGivesTheHeading(string heading, string anchor) =>
        Assert.Equal(anchor, MarkdownDocument.Slug(heading));

    [Fact]
    public void Anchors_OfRepeatedHeadings_AreNumberedInOrder()
    {
        var document = new MarkdownDocument("# Usage\n\n```\n# not a heading\n```\n\n## Usage\n### Usage ##\n");

        Assert.Equal(["usage", "usage-1", "usage-2"], document.Anchors.Order(StringComparer.Ordinal));
    }

    /// <summary>The README and every page in docs/, relative to the repository root.</summary>
    private static IEnumerable<string> DocumentPaths() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).Prepend("README.md");

    private static MarkdownDocument Read(string path) => new(File.ReadAllText(path));

    private static bool IsAbsolute(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";

    private static (string File, string? Anchor) Split(string target) =>
        target.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, null);
}
