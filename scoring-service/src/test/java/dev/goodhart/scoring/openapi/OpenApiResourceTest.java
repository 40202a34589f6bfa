package dev.goodhart.scoring.openapi;

import io.quarkus.test.junit.QuarkusTest;

import dev.goodhart.common.testing.OpenApiContract;

@QuarkusTest
class OpenApiResourceTest extends OpenApiContract {
}
