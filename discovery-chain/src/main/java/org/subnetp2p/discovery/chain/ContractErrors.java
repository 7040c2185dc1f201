package org.subnetp2p.discovery.chain;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.subnetp2p.discovery.chain.contract.SubnetPeerRegistry;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;

/**
 * Names the registry's custom errors in revert data, e.g. {@code StakeTooLow(1000, 10)}, from the
 * error definitions the codegen put in the wrapper: nothing here restates the ABI.
 */
final class ContractErrors {
  private static final Pattern REVERT_DATA = Pattern.compile("0x[0-9a-fA-F]{8}[0-9a-fA-F]*");
  private static final Map<String, CustomError> BY_SELECTOR = selectors();

  private ContractErrors() {}

  private static Map<String, CustomError> selectors() {
    Map<String, CustomError> out = new HashMap<>();
    for (Field f : SubnetPeerRegistry.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == CustomError.class) {
        try {
          CustomError e = (CustomError) f.get(null);
          out.put(CustomErrorEncoder.encode(e).substring(0, 10).toLowerCase(Locale.ROOT), e);
        } catch (IllegalAccessException ex) {
          throw new IllegalStateException(ex);
        }
      }
    }
    return Map.copyOf(out);
  }

  /** The contract error in {@code text} (revert data, or a message quoting it), if any. */
  static Optional<String> describe(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = REVERT_DATA.matcher(text);
    while (m.find()) {
      String data = m.group().toLowerCase(Locale.ROOT);
      CustomError error = BY_SELECTOR.get(data.substring(0, 10));
      if (error != null) {
        return Optional.of(error.getName() + "(" + arguments(error, data) + ")");
      }
    }
    return Optional.empty();
  }

  private static String arguments(CustomError error, String data) {
    try {
      @SuppressWarnings("rawtypes") // Web3j's decoder returns raw Types
      List<Type> values =
          FunctionReturnDecoder.decode("0x" + data.substring(10), error.getParameters());
      return values.stream()
          .map(v -> String.valueOf(v.getValue()))
          .collect(Collectors.joining(", "));
    } catch (RuntimeException e) {
      return "...";
    }
  }
}
