package dev.onceflow.core.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a REST resource method (or every method of a resource class) that only a caller presenting
 * the service token may call: {@code Authorization: Bearer <onceflow.service-token>}. Anything else
 * is refused with {@code 401 application/problem+json} before the method runs ({@link
 * ServiceTokenFilter}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ServiceTokenRequired {}
