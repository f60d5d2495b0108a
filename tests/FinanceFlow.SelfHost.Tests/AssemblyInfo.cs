// Every test here runs the engine or the host on a real Azurite (EngineFixture, WebApplicationFactory): ./test.sh --fast leaves them out.
[assembly: AssemblyTrait("Category", "Integration")]
