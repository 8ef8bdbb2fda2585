package dev.onceflow.dashboard.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks HTTP Basic credentials against the configured admin user; failures count towards the
 * {@link LoginThrottle} of the client's address, as the login form's do.
 */
@ApplicationScoped
public class AdminIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  private final AdminCredentials admin;
  private final LoginThrottle throttle;

  AdminIdentityProvider(AdminCredentials admin, LoginThrottle throttle) {
    this.admin = admin;
    this.throttle = throttle;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String address = clientAddress(request);
    try {
      throttle.check(address);
    } catch (LoginThrottle.LoginThrottled e) {
      return Uni.createFrom().failure(e);
    }
    String password = new String(request.getPassword().getPassword());
    if (!admin.matches(request.getUsername(), password)) {
      if (admin.configured()) {
        throttle.failed(address);
      }
      return Uni.createFrom().failure(new AuthenticationFailedException());
    }
    throttle.succeeded(address);
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                .addRole(AdminCredentials.ROLE)
                .build());
  }

  private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
    RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(request);
    if (context == null || context.request().remoteAddress() == null) {
      return "unknown";
    }
    return context.request().remoteAddress().hostAddress();
  }
}
