package io.inferscope.agent.ml.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferscope.agent.ml.remote.ModelServerEndpoint.Protocol;
import org.junit.jupiter.api.Test;

/** Which requests are remote predictions, from the method and the raw path alone. */
class ModelServerEndpointTest {
  private static ModelServerEndpoint post(String path) {
    return ModelServerEndpoint.classify("POST", path);
  }

  private static void assertEndpoint(Protocol protocol, String model, String version, String path) {
    assertEquals(new ModelServerEndpoint(protocol, model, version), post(path), path);
  }

  @Test
  void everyOpenInferenceProtocolForm() {
    assertEndpoint(Protocol.KSERVE_V2, "resnet50", null, "/v2/models/resnet50/infer");
    assertEndpoint(Protocol.KSERVE_V2, "resnet50", "3", "/v2/models/resnet50/versions/3/infer");
    assertEndpoint(Protocol.KSERVE_V2, "resnet50", null, "/seldon/ns/deployment/v2/models/resnet50/infer");
    assertEndpoint(Protocol.KSERVE_V2, "versions", null, "/v2/models/versions/infer");
    assertEquals("kserve", post("/v2/models/m/infer").protocol().framework());
  }

  @Test
  void everyTensorFlowServingForm() {
    assertEndpoint(Protocol.TF_SERVING, "half_plus_two", null, "/v1/models/half_plus_two:predict");
    assertEndpoint(Protocol.TF_SERVING, "half_plus_two", "123", "/v1/models/half_plus_two/versions/123:predict");
    assertEndpoint(Protocol.TF_SERVING, "half_plus_two", null, "/v1/models/half_plus_two/labels/stable:predict");
    assertEndpoint(Protocol.TF_SERVING, "iris", null, "/v1/models/iris:classify");
    assertEndpoint(Protocol.TF_SERVING, "iris", "2", "/v1/models/iris/versions/2:regress");
    assertEndpoint(Protocol.TF_SERVING, "iris", null, "/serving/v1/models/iris:predict");
    assertEquals("tfserving", post("/v1/models/m:predict").protocol().framework());
  }

  /** Each segment decoded on its own: an encoded slash stays in the name, an encoded colon is TF's separator. */
  @Test
  void urlEncodedNamesAreDecodedPerSegment() {
    assertEndpoint(Protocol.KSERVE_V2, "my model", null, "/v2/models/my%20model/infer");
    assertEndpoint(Protocol.KSERVE_V2, "team/model", "v 1", "/v2/models/team%2Fmodel/versions/v%201/infer");
    assertEndpoint(Protocol.KSERVE_V2, "modèle+1", null, "/v2/models/mod%C3%A8le+1/infer");
    assertEndpoint(Protocol.TF_SERVING, "half_plus_two", null, "/v1/models/half_plus_two%3Apredict");
    assertEndpoint(Protocol.TF_SERVING, "a:b", null, "/v1/models/a%3Ab:predict");
    assertEndpoint(Protocol.KSERVE_V2, "bad%zzescape", null, "/v2/models/bad%zzescape/infer");
    assertEndpoint(Protocol.KSERVE_V2, "cut%", null, "/v2/models/cut%/infer");
  }

  @Test
  void longNamesAreCapped() {
    ModelServerEndpoint endpoint = post("/v2/models/" + "m".repeat(500) + "/versions/" + "9".repeat(200) + "/infer");
    assertEquals(128, endpoint.model().length());
    assertEquals(ModelServerEndpoint.MAX_VERSION_LENGTH, endpoint.version().length());
  }

  /** The query is never part of what is recognised, nor of the name: a caller that left it in the path gets it cut off. */
  @Test
  void aQueryStringIsNeverRead() {
    assertEndpoint(Protocol.KSERVE_V2, "m", null, "/v2/models/m/infer?api_key=SECRET");
    assertEndpoint(Protocol.TF_SERVING, "m", null, "/v1/models/m:predict?key=SECRET#frag");
    assertNull(post("/v2/models/m/ready?x=/infer"));
  }

  @Test
  void onlyPostsArePredictions() {
    assertNull(ModelServerEndpoint.classify("GET", "/v2/models/m/infer"));
    assertNull(ModelServerEndpoint.classify("PUT", "/v1/models/m:predict"));
    assertNull(ModelServerEndpoint.classify(null, "/v2/models/m/infer"));
    assertEquals(new ModelServerEndpoint(Protocol.KSERVE_V2, "m", null), ModelServerEndpoint.classify(" post ", "/v2/models/m/infer"));
  }

  /** The other endpoints of the same servers, and paths that merely look alike, are not predictions. */
  @Test
  void lookalikePathsAreNotPredictions() {
    for (String path : new String[] {
        "/v2/models/m/ready", "/v2/models/m", "/v2/models/m/config", "/v2/models/m/stats", "/v2/models/m/infer/",
        "/v2/models/m/infer/extra", "/v2/models//infer", "/v2/models/m/versions//infer", "/v2/models/m/versions/1/ready",
        "/v2/repository/models/m/load", "/v2/models/m/generate", "/v2/models/m/generate_stream", "/v2/health/ready",
        "/v3/models/m/infer", "/models/m/infer", "/v2/model/m/infer", "/infer", "infer", "/v2/infer", "",
        "/v1/models/m", "/v1/models/m/metadata", "/v1/models/m:predicts", "/v1/models/m:generateContent",
        "/v1/models/:predict", "/v1/models/m/versions/:predict", "/v1/models/m/versions/1/extra:predict",
        "/v1/projects/p/locations/l/publishers/google/models/gecko:predict", "/v1/projects/p/endpoints/123:predict",
        "/v1beta/models/m:predict", "/v1/chat/completions", "/api/generate", "/v2/models/m/INFER", "/V2/models/m/infer"}) {
      assertNull(post(path), path);
    }
    assertNull(post(null));
  }
}
