using System.Globalization;
using System.Text.RegularExpressions;
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
        Assert.Equal(["bot", "caddy", "migrate", "models", "postgres", "worker", "worker-gpu1"], _compose.Services.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ThePoolsOfTheBotAndEveryWorker_FitUnderPostgresConnectionLimit_WithRoomForAnOperator()
    {
        var dotEnv = new Dictionary<string, string>(StringComparer.Ordinal) { ["POSTGRES_PASSWORD"] = "secret", ["Discord__ApplicationId"] = "1", ["Discord__BotToken"] = "t" };
        int PoolOf(string service) =>
            new Npgsql.NpgsqlConnectionStringBuilder(_compose.EnvironmentOf(service, dotEnv)["ConnectionStrings__Postgres"]).MaxPoolSize;
        var command = ComposeFile.Strings(_compose.Service("postgres")["command"]).ToList();
        var limit = int.Parse(
            command.Select(c => Regex.Match(c, @"^max_connections=\$\{POSTGRES_MAX_CONNECTIONS:-(\d+)\}$")).Single(m => m.Success).Groups[1].Value,
            CultureInfo.InvariantCulture);

        // Every profile up: the Bot, both Workers; migrate has exited before they start, and a few are left for psql.
        var pools = PoolOf("bot") + PoolOf("worker") + PoolOf("worker-gpu1");
        Assert.True(pools + 5 <= limit, $"pools {pools} + 5 exceed max_connections {limit}");
        Assert.True(PoolOf("bot") > new DreamBot.Bot.Intake.IntakeOptions().MaxConcurrent, "the Bot's pool leaves room beside the intake's turns");
        Assert.True(PoolOf("migrate") <= limit);
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

        foreach (var name in _compose.Services.Keys.Where(s => !_compose.Service(s).ContainsKey("build") && s is not ("postgres" or "caddy")))
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

        Assert.Equal(["archive", "caddy-config", "caddy-data", "models", "pgdata"], used.Order(StringComparer.Ordinal));
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

    [Theory]
    [InlineData("bot")]
    [InlineData("migrate")]
    [InlineData("worker")]
    [InlineData("worker-gpu1")]
    public void EverySettingInDotEnv_ReachesTheProcesses_AsComposeResolvesIt(string service)
    {
        var dotEnv = new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "pw",
            ["Discord__ApplicationId"] = "1",
            ["Discord__BotToken"] = "bot-token",
            ["Admin__Token"] = "a-long-enough-admin-token-for-tests",
            ["Model__Models__1__Name"] = "turbo",
            ["Model__CudaProviderOptions__prefer_nhwc"] = "1",
            ["Discord__Interactions__HandlerBudget"] = "00:00:01",
        };

        var environment = _compose.EnvironmentOf(service, dotEnv);

        foreach (var key in new[] { "Admin__Token", "Model__Models__1__Name", "Model__CudaProviderOptions__prefer_nhwc", "Discord__Interactions__HandlerBudget" })
            Assert.Equal(dotEnv[key], environment.GetValueOrDefault(key));
        Assert.Contains("Password=pw;", environment["ConnectionStrings__Postgres"], StringComparison.Ordinal);
    }

    [Fact]
    public void ModelName_IsTheFolderTheOperatorGuidesComposePullExampleWrites()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "operators.md"));
        var repo = System.Text.RegularExpressions.Regex.Match(readme, @"docker compose run --rm models pull (\S+)").Groups[1].Value;
        var example = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, ".env.example")).Single(l => l.StartsWith("MODEL_NAME=", StringComparison.Ordinal));

        Assert.Equal(repo.Split('/')[^1], _compose.DefaultOf("MODEL_NAME"));
        Assert.Equal("MODEL_NAME=" + repo.Split('/')[^1], example);
    }

    [Fact]
    public void BuildContext_LeavesOutSecretsDataModelsAndBuildOutputs()
    {
        var ignored = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();

        Assert.Subset(ignored, new HashSet<string>([".env", ".data/", "models/", "**/bin/", "**/obj/"]));
        Assert.DoesNotContain("!.env", ignored);
    }

    [Theory]
    [InlineData("src/Bot/Dockerfile")]
    [InlineData("src/Worker/Dockerfile")]
    public void Dockerfiles_RestoreFromProjectFilesAlone_BeforeCopyingTheSources(string dockerfile)
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, dockerfile));
        var restore = Array.FindIndex(lines, l => l.StartsWith("RUN dotnet restore ", StringComparison.Ordinal));
        var sources = Array.IndexOf(lines, "COPY . .");

        Assert.InRange(restore, 0, sources);
        var before = lines[..restore].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ')[1..^1]).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, file => Assert.Matches(@"(\.csproj|Directory\.[A-Za-z]+\.props|nuget\.config)$", file));
        Assert.Contains(lines[(sources + 1)..], l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal) && l.Contains("--no-restore", StringComparison.Ordinal));
    }

    [Fact]
    public void HttpsProfile_PutsCaddyForDomainInFrontOfTheBot_AndTheBotTrustsOnlyItsAddress()
    {
        var caddy = _compose.Service("caddy");
        var address = ComposeFile.Map(caddy["networks"], "edge")["ipv4_address"].ToString();
        var subnet = _compose.DefaultOf("PROXY_SUBNET")!;

        Assert.Equal(["https"], ComposeFile.Strings(caddy["profiles"]));
        Assert.Contains("${DOMAIN", ComposeFile.Map(caddy["environment"])["DOMAIN"].ToString(), StringComparison.Ordinal);
        Assert.Contains("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro", ComposeFile.Strings(caddy["volumes"]));
        Assert.Contains("reverse_proxy bot:8080", File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "deploy", "Caddyfile")), StringComparison.Ordinal);
        Assert.Equal(address, ComposeFile.Merged(ComposeFile.Map(_compose.Service("bot")["environment"]))["Proxy__KnownProxies__0"].ToString());
        Assert.True(System.Net.IPNetwork.Parse(subnet).Contains(System.Net.IPAddress.Parse(_compose.DefaultOf("PROXY_ADDRESS")!)));
    }

    [Fact]
    public void TheBotsPlainHttpPort_IsPublishedOnTheHostsLoopbackOnly_UnlessAnOperatorChoosesAnAddress()
    {
        var published = Assert.Single(ComposeFile.Strings(_compose.Service("bot")["ports"]));

        Assert.Equal("${BOT_ADDRESS:-127.0.0.1}:${BOT_PORT:-8080}:8080", published);
        Assert.Equal("127.0.0.1", _compose.DefaultOf("BOT_ADDRESS"));
    }

    private string Condition(string service, string dependency) =>
        ComposeFile.Map(_compose.Service(service)["depends_on"], dependency)["condition"].ToString();
}
