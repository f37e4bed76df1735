/** Whether this process may install packages itself (root with apt-get). */
export declare function canInstallWithApt(): boolean;
/** `apt-get install` of `packages`; throws `hint` where installing is not possible here. */
export declare function installWithApt(packages: string[], hint: string): void;
