package net.bluemind.xmpp.vcard;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/** Keeps photos small enough for presence-driven downloads: anything larger than the limit is scaled down to PNG. */
final class PhotoScaler {

    private final int maxPixels;

    PhotoScaler(int maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** The photo as served; null when the bytes are no image. */
    Avatar avatar(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                return null;
            }
            int w = image.getWidth();
            int h = image.getHeight();
            if (w <= maxPixels && h <= maxPixels) {
                return Avatar.of(png, "image/png", w, h);
            }
            double ratio = Math.min((double) maxPixels / w, (double) maxPixels / h);
            int nw = Math.max(1, (int) Math.round(w * ratio));
            int nh = Math.max(1, (int) Math.round(h * ratio));
            BufferedImage scaled = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_ARGB);
            var g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, nw, nh, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(scaled, "png", out);
            return Avatar.of(out.toByteArray(), "image/png", nw, nh);
        } catch (IOException e) {
            return null;
        }
    }
}
