using System.Globalization;
using DreamBot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace DreamBot.Tests.Deployment;

/// <summary>No Docker engine here: these read docker-compose.yml, .env.example and the Dockerfiles for what compose relies on.</summary>
public sealed class ComposeFileTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void Compose_HasTheServicesOfTheDeployment()
    {
        Assert.Equal(["bot", "migrate", "models", "postgres", "worker", "worker-gpu1"], _compose.Services.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Postgres_KeepsItsDataInANamedVolume_AndHasAHealthCheck()
    {
        var postgres = _compose.Service("postgres");

        Assert.StartsWith("postgres:", postgres["image"].ToString(), StringComparison.Ordinal);
        Assert.Contains("pgdata:/var/lib/postgresql/data", ComposeFile.Strings(postgres["volumes"]));
        Assert.Contains("pg_isready", string.Join(' ', ComposeFile.Strings(ComposeFile.Map(postgres["healthcheck"])["test"])), StringComparison.Ordinal);
    }

    [Fact]
    public void Services_StartInOrder_PostgresHealthyThenMigrateCompletedThenBotAndWorkers()
    {
        Assert.Equal("service_healthy", Condition("migrate", "postgres"));
        Assert.Equal("service_completed_successfully", Condition("bot", "migrate"));
        Assert.Equal("service_completed_successfully", Condition("worker", "migrate"));
        Assert.Equal("service_completed_successfully", Condition("worker-gpu1", "migrate"));
        Assert.Equal(["migrate"], ComposeFile.Strings(_compose.Service("migrate")["command"]));
        Assert.Equal("no", _compose.Service("migrate")["restart"].ToString());
    }

    [Theory]
    [InlineData("migrate", "src/Bot/Dockerfile")]
    [InlineData("worker", "src/Worker/Dockerfile")]
    public void Images_AreBuiltFromMultiStageDockerfiles(string service, string dockerfile)
    {
        var build = ComposeFile.Map(_compose.Service(service)["build"]);

        Assert.Equal(dockerfile, build["dockerfile"].ToString());
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, dockerfile));
        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, $"{dockerfile} should build in one stage and run in another");
        Assert.Contains(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
    }

    [Fact]
    public void ServicesWithoutABuild_UseAnImageThatAnotherServiceBuilds()
    {
        var built = _compose.Services.Keys.Where(s => _compose.Service(s).ContainsKey("build")).Select(s => _compose.Service(s)["image"].ToString()).ToHashSet();

        foreach (var name in _compose.Services.Keys.Where(s => !_compose.Service(s).ContainsKey("build") && s != "postgres"))
            Assert.Contains(_compose.Service(name)["image"].ToString(), built);
    }

    [Fact]
    public void WorkerImage_RunsOnCuda13WithCudnn()
    {
        var from = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "src/Worker/Dockerfile")).Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));

        Assert.Matches(@"^FROM nvidia/cuda:13\.[0-9]+\.[0-9]+-cudnn-runtime-ubuntu[0-9.]+$", from);
    }

    [Theory]
    [InlineData("worker", "0")]
    [InlineData("worker-gpu1", "1")]
    public void EachWorker_ReservesItsOwnGpu_AndReadsModelsReadOnly(string service, string defaultGpu)
    {
        var worker = _compose.Service(service);
        var device = (YamlMappingNode)((YamlSequenceNode)ComposeFile.Map(worker["deploy"], "resources", "reservations")["devices"]).Single();
        var merged = ComposeFile.Merged(device);

        Assert.Equal("nvidia", merged["driver"].ToString());
        Assert.Contains("gpu", ComposeFile.Strings(merged["capabilities"]));
        var id = Assert.Single(ComposeFile.Strings(merged["device_ids"]));
        Assert.Equal(defaultGpu, _compose.DefaultOf(id.Trim('$', '{', '}').Split(':')[0]));
        Assert.Contains("models:/models:ro", ComposeFile.Strings(worker["volumes"]));
        var environment = ComposeFile.Merged(ComposeFile.Map(worker["environment"]));
        Assert.StartsWith("/models/", environment["Model__Path"].ToString(), StringComparison.Ordinal);
        Assert.Equal("0", environment["Model__DeviceId"].ToString());
    }

    [Theory]
    [InlineData("bot")]
    [InlineData("worker")]
    public void LongRunningServices_CheckReadiness_AndGetMoreTimeToStopThanTheirGracePeriod(string service)
    {
        var definition = _compose.Service(service);
        var test = string.Join(' ', ComposeFile.Strings(ComposeFile.Merged(ComposeFile.Map(definition["healthcheck"]))["test"]));
        var grace = TimeSpan.Parse(_compose.DefaultOf("Shutdown__GracePeriod")!, CultureInfo.InvariantCulture);

        Assert.Contains("/readyz", test, StringComparison.Ordinal);
        Assert.True(ComposeFile.Duration(definition["stop_grace_period"].ToString()) > grace, $"{service} is killed before its grace period ends");
        Assert.Equal("unless-stopped", definition["restart"].ToString());
    }

    [Fact]
    public void HangfireShutdownTimeout_DefaultsShorterThanTheGracePeriod()
    {
        Assert.True(TimeSpan.Parse(_compose.DefaultOf("Queue__ShutdownTimeout")!, CultureInfo.InvariantCulture)
            < TimeSpan.Parse(_compose.DefaultOf("Shutdown__GracePeriod")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NamedVolumesUsedByServices_AreDeclared()
    {
        var declared = ComposeFile.Map(_compose.Root, "volumes").Children.Keys.Select(k => k.ToString()).ToHashSet();
        var used = _compose.Services.Keys
            .Where(s => _compose.Service(s).ContainsKey("volumes"))
            .SelectMany(s => ComposeFile.Strings(_compose.Service(s)["volumes"]))
            .Select(v => v.Split(':')[0])
            .Where(source => !source.StartsWith('.') && !source.StartsWith('/'))
            .ToHashSet();

        Assert.Equal(["models", "pgdata"], used.Order(StringComparer.Ordinal));
        Assert.Superset(used, declared);
    }

    [Fact]
    public void EveryVariableComposeReferences_IsDocumentedInEnvExample()
    {
        var documented = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, ".env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(_compose.Variables);
        Assert.Empty(_compose.Variables.Where(v => !documented.Contains(v)).Order(StringComparer.Ordinal));
    }

    private string Condition(string service, string dependency) =>
        ComposeFile.Map(_compose.Service(service)["depends_on"], dependency)["condition"].ToString();
}
