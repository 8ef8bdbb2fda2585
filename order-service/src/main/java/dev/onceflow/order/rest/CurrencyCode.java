package dev.onceflow.order.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value is an ISO 4217 currency code: three upper-case letters naming a currency the Java
 * runtime knows ({@code EUR}, {@code USD}, ...). {@code null} is valid; combine with {@code
 * NotNull}.
 */
@Documented
@Constraint(validatedBy = CurrencyCode.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CurrencyCode {

  String message() default "must be an ISO 4217 currency code of three upper-case letters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks the shape first, so that {@code eur} is refused although the JDK would accept it. */
  class Validator implements ConstraintValidator<CurrencyCode, String> {

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CODES =
        Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || (SHAPE.matcher(value).matches() && CODES.contains(value));
    }
  }
}
